using Microsoft.Extensions.DependencyInjection;
using SaasUsers.Data;
using SaasUsers.Data.Testing;
using Xunit;

namespace PackageConsumer;

/// <summary>The packages from the feed against DynamoDB Local, the way an application wires them.</summary>
public sealed class AgainstDynamoDbLocalTests(DynamoDbLocalFixture dynamoDb)
{
    [Fact]
    public async Task EnsureTable_CreateUser_AndOwnEntity_RoundTrip()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var serviceUrl = await dynamoDb.GetServiceUrlAsync(cancellationToken);
        var tableName = "smoke-" + Guid.NewGuid().ToString("N")[..8];
        await using var services = new ServiceCollection()
            .AddSaasUsersTable(options =>
            {
                options.TableName = tableName;
                options.ServiceUrl = serviceUrl.ToString();
            })
            .AddSaasUsersEntity<Note>()
            .BuildServiceProvider();
        var provisioner = services.GetRequiredService<ITableProvisioner>();
        var users = services.GetRequiredService<IUserRepository>();
        var table = services.GetRequiredService<IEntityTable>();

        // Given a table made by the package's provisioner
        var ensured = await provisioner.EnsureTableAsync(cancellationToken);
        Assert.Equal(TableEnsureOutcome.Created, ensured.Outcome);
        try
        {
            // When a user signs up and the application stores its own entity in the user's collection
            var user = await users.CreateAsync(new NewUser { Email = "Smoke.Test@Example.com", DisplayName = "Smoke" }, cancellationToken);
            var note = await table.CreateAsync(new Note { UserId = user.UserId, NoteId = "n-1", Text = "from the package", CreatedAt = DateTimeOffset.UtcNow }, cancellationToken);

            // Then both read back, and deleting the user removes the application's item too
            Assert.Equal(user.UserId, (await users.FindByEmailAsync("smoke.test@example.com", cancellationToken))?.UserId);
            Assert.Equal(note, await table.GetAsync<Note>(Note.CreateKey(user.UserId, "n-1"), consistentRead: true, cancellationToken));
            Assert.Equal(1, note.Version);
            var deleted = await users.DeleteAsync(user.UserId, cancellationToken);
            Assert.Equal(3, deleted.ItemsDeleted); // the user, the e-mail sentinel and the note
            Assert.Null(await table.GetAsync<Note>(Note.CreateKey(user.UserId, "n-1"), consistentRead: true, cancellationToken));
        }
        finally
        {
            await provisioner.DeleteTableAsync(tableName, CancellationToken.None);
        }
    }
}
