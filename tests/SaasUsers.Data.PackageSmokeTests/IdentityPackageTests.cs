using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SaasUsers.Data;
using SaasUsers.Data.Identity;
using SaasUsers.Data.Testing;
using Xunit;

namespace PackageConsumer;

/// <summary>The Identity package from the feed: UserManager on our stores and an API key, against DynamoDB Local.</summary>
public sealed class IdentityPackageTests(DynamoDbLocalFixture dynamoDb)
{
    [Fact]
    public async Task UserManager_OnTheStores_SignsUpFindsAndChecksThePassword_AndApiKeysVerify()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var serviceUrl = await dynamoDb.GetServiceUrlAsync(cancellationToken);
        var tableName = "smoke-id-" + Guid.NewGuid().ToString("N")[..8];
        var services = new ServiceCollection()
            .AddSaasUsersTable(options =>
            {
                options.TableName = tableName;
                options.ServiceUrl = serviceUrl.ToString();
            })
            .AddLogging();
        services.AddIdentityCore<SaasIdentityUser>().AddSaasUsersStores();
        await using var provider = services.BuildServiceProvider();
        var provisioner = provider.GetRequiredService<ITableProvisioner>();
        await provisioner.EnsureTableAsync(cancellationToken);
        try
        {
            // Given a user registered through UserManager
            using var scope = provider.CreateScope();
            var manager = scope.ServiceProvider.GetRequiredService<UserManager<SaasIdentityUser>>();
            var user = new SaasIdentityUser("smoke") { Email = "Smoke.Identity@Example.com" };
            Assert.True((await manager.CreateAsync(user, "Passw0rd!")).Succeeded);

            // Then it is the SaaS user, found by name and e-mail with its password, and an API key of it verifies
            Assert.Equal(user.Id, (await provider.GetRequiredService<IUserRepository>().GetAsync(user.Id, consistentRead: true, cancellationToken))?.UserId);
            var byName = await manager.FindByNameAsync("smoke");
            Assert.True(await manager.CheckPasswordAsync(byName!, "Passw0rd!"));
            Assert.Equal(user.Id, (await manager.FindByEmailAsync("smoke.identity@example.com"))?.Id);
            var keys = provider.GetRequiredService<IApiKeyRepository>();
            var created = await keys.CreateAsync(user.Id, new NewApiKey { Name = "ci" }, cancellationToken);
            Assert.Equal(user.Id, (await keys.VerifyAsync(created.Secret, cancellationToken))?.UserId);

            // And deleting it through UserManager leaves it nowhere
            Assert.True((await manager.DeleteAsync(byName!)).Succeeded);
            Assert.Null(await manager.FindByNameAsync("smoke"));
            Assert.Null(await keys.VerifyAsync(created.Secret, cancellationToken));
        }
        finally
        {
            await provisioner.DeleteTableAsync(tableName, CancellationToken.None);
        }
    }
}
