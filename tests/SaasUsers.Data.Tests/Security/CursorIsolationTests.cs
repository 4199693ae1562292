using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SaasUsers.Data.Testing;
using SaasUsers.Data.Tests.Reliability;
using SaasUsers.Data.Tests.Reliability.Support;
using Xunit;

namespace SaasUsers.Data.Tests.Security;

/// <summary>
/// A paging cursor is bound to the listing it came from and signed: one user's cursor cannot page another user's
/// data, whether replayed as it is, edited to name the other user, signed with another deployment's key, or taken
/// from another kind of listing. Each is refused before any request is sent.
/// </summary>
public sealed class CursorIsolationTests(ReliabilityTableFixture table) : IClassFixture<ReliabilityTableFixture>
{
    // Same length, so an edited cursor keeps its layout and only the signature can tell.
    private const string Alice = "alice";
    private const string Bobby = "bobby";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AlicesCursor_PagesAlicesPaymentsToTheEnd_AndOnlyHers()
    {
        await SeedAsync();
        await using var services = table.CreateServices();
        var payments = services.GetRequiredService<ICheckoutPaymentRepository>();

        var seen = new List<CheckoutPayment>();
        string? cursor = null;
        do
        {
            var page = await payments.ListAsync(Alice, 2, cursor, Cancel);
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(5, seen.Count);
        Assert.All(seen, p => Assert.Equal(Alice, p.UserId));
        Assert.Equal(5, seen.Select(p => p.CheckoutSessionId).Distinct().Count());
    }

    [Fact]
    public async Task AlicesCursor_OnBobbysListing_IsRefusedAsForeign_BeforeAnyRequest()
    {
        var cursor = await AlicesCursorAsync();

        var error = await RefusedAsync(payments => payments.ListAsync(Bobby, 2, cursor, Cancel));

        Assert.Equal(InvalidCursorReason.ForeignQuery, error.Reason);
    }

    [Fact]
    public async Task AlicesCursor_EditedToNameBobby_IsRefusedAsTampered_OnEitherListing()
    {
        // Given Alice's cursor with every "alice" in its payload replaced by "bobby"
        var cursor = await AlicesCursorAsync();
        var bytes = FromBase64Url(cursor);
        var replaced = ReplaceAll(bytes, Encoding.UTF8.GetBytes(Alice), Encoding.UTF8.GetBytes(Bobby));
        Assert.True(replaced > 0, "Alice's cursor should carry her partition key.");
        var edited = ToBase64Url(bytes);
        Assert.NotEqual(cursor, edited);

        // Then
        Assert.Equal(InvalidCursorReason.Tampered, (await RefusedAsync(payments => payments.ListAsync(Bobby, 2, edited, Cancel))).Reason);
        Assert.Equal(InvalidCursorReason.Tampered, (await RefusedAsync(payments => payments.ListAsync(Alice, 2, edited, Cancel))).Reason);
    }

    [Fact]
    public async Task ACursorSignedWithAnotherDeploymentsKey_IsRefusedAsTampered()
    {
        // Given a cursor issued by an instance configured with another signing key
        await SeedAsync();
        using var client = table.CreateClient();
        var otherOptions = table.CreateOptions();
        otherOptions.CursorSigningKey = Convert.ToBase64String(Enumerable.Repeat((byte)42, 32).ToArray());
        var other = new CheckoutPaymentRepository(new EntityTable(client, table.Model, otherOptions), otherOptions);
        var foreign = (await other.ListAsync(Alice, 2, cancellationToken: Cancel)).NextCursor!;

        // Then this instance refuses it even for the same listing
        Assert.Equal(InvalidCursorReason.Tampered, (await RefusedAsync(payments => payments.ListAsync(Alice, 2, foreign, Cancel))).Reason);
    }

    [Fact]
    public async Task ACursorOfTheAdminSignUpListing_IsRefusedOnAPaymentListing()
    {
        await SeedAsync();
        await using var services = table.CreateServices();
        var now = DateTimeOffset.UtcNow;
        var signUps = await services.GetRequiredService<IUserRepository>().ListBySignUpDateAsync(
            new SignUpListQuery { From = now.AddDays(-1), To = now.AddDays(1), PageSize = 1 }, Cancel);

        var error = await RefusedAsync(payments => payments.ListAsync(Alice, 2, signUps.NextCursor!, Cancel));

        Assert.Equal(InvalidCursorReason.ForeignQuery, error.Reason);
    }

    [Fact]
    public async Task ATenantsQueryCursor_IsRefusedOnAnotherTenantsQueryAndOnAnotherOrder()
    {
        // Given a page of tenant A's documents
        using var client = table.CreateClient();
        var log = new DynamoDbRequestLog();
        using var loggedClient = table.CreateClient(new DynamoDbClientOptions { RequestLog = log });
        var entities = new EntityTable(client, table.Model, table.CreateOptions());
        var logged = new EntityTable(loggedClient, table.Model, table.CreateOptions());
        var batch = new BatchWriteBuilder();
        foreach (var tenant in new[] { "tenant-a", "tenant-b" })
        {
            for (var i = 0; i < 3; i++)
            {
                batch.Put(new TenantDocument { Tenant = tenant, Project = "p", DocumentId = $"d{i}", Body = tenant + " secret " + i });
            }
        }

        await entities.BatchWriteAsync(batch, Cancel);
        var queryA = new ItemQuery(TenantDocument.CreatePartitionKey("tenant-a", "p")) { PageSize = 1, ConsistentRead = true };
        var cursor = (await entities.QueryAsync<TenantDocument>(queryA, Cancel)).NextCursor!;

        // When it is used on tenant B's partition, or on A's in the other order
        var onB = await Assert.ThrowsAsync<InvalidCursorException>(() => logged.QueryAsync<TenantDocument>(
            new ItemQuery(TenantDocument.CreatePartitionKey("tenant-b", "p")) { PageSize = 1, ConsistentRead = true, Cursor = cursor }, Cancel));
        var reversed = await Assert.ThrowsAsync<InvalidCursorException>(() => logged.QueryAsync<TenantDocument>(queryA with { Descending = true, Cursor = cursor }, Cancel));

        // Then both are refused before any request
        Assert.Equal(InvalidCursorReason.ForeignQuery, onB.Reason);
        Assert.Equal(InvalidCursorReason.ForeignQuery, reversed.Reason);
        Assert.Empty(log.Operations);
        ReliabilityFigures.Add(ReliabilityFigures.InjectionAttempts, 2);
    }

    private async Task<InvalidCursorException> RefusedAsync(Func<ICheckoutPaymentRepository, Task> list)
    {
        var log = new DynamoDbRequestLog();
        await using var services = table.CreateServices(clientOptions: new DynamoDbClientOptions { RequestLog = log });
        var error = await Assert.ThrowsAsync<InvalidCursorException>(() => list(services.GetRequiredService<ICheckoutPaymentRepository>()));
        Assert.Equal("cursor", error.ParamName);
        Assert.Empty(log.Operations);
        ReliabilityFigures.Add(ReliabilityFigures.InjectionAttempts, 1);
        return error;
    }

    private async Task<string> AlicesCursorAsync()
    {
        await SeedAsync();
        await using var services = table.CreateServices();
        var page = await services.GetRequiredService<ICheckoutPaymentRepository>().ListAsync(Alice, 2, cancellationToken: Cancel);
        Assert.All(page.Items, p => Assert.Equal(Alice, p.UserId));
        return page.NextCursor!;
    }

    private async Task SeedAsync()
    {
        await using var services = table.CreateServices();
        var users = services.GetRequiredService<IUserRepository>();
        var payments = services.GetRequiredService<ICheckoutPaymentRepository>();
        foreach (var user in new[] { Alice, Bobby })
        {
            if (await users.GetAsync(user, consistentRead: true, Cancel) is not null)
            {
                continue;
            }

            await users.CreateAsync(new NewUser { Email = user + "@example.com", UserId = user }, Cancel);
            for (var i = 0; i < 5; i++)
            {
                await payments.RecordAsync(InjectedFaultTests.Payment(user, $"cs_{user}_{i}"), cancellationToken: Cancel);
            }
        }
    }

    private static int ReplaceAll(byte[] bytes, byte[] find, byte[] replacement)
    {
        var count = 0;
        for (var i = 0; i + find.Length <= bytes.Length; i++)
        {
            if (bytes.AsSpan(i, find.Length).SequenceEqual(find))
            {
                replacement.CopyTo(bytes, i);
                count++;
            }
        }

        return count;
    }

    private static byte[] FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64 + new string('=', (4 - (base64.Length % 4)) % 4));
    }

    private static string ToBase64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
