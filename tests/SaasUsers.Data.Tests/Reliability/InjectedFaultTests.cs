using System.Net;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using SaasUsers.Data.Testing;
using SaasUsers.Data.Tests.Reliability.Support;
using Xunit;

namespace SaasUsers.Data.Tests.Reliability;

/// <summary>
/// Throttling, 5xx answers, unprocessed batch items and cancelled transactions, injected between the SDK and DynamoDB
/// Local by <see cref="DynamoDbFaultInjector"/> (DynamoDB Local itself never answers so): retried and absorbed where
/// the SDK's retry mode or the package's own retries allow, reported precisely where they do not, and never a lost
/// or doubled write.
/// </summary>
public sealed class InjectedFaultTests(ReliabilityTableFixture table) : IClassFixture<ReliabilityTableFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ThrottledUpdate_IsRetriedByTheSdkInItsDefaultStandardRetryMode_AndApplied()
    {
        // Given a user, and UpdateItem throttled twice: the SDK may retry twice
        var log = new DynamoDbRequestLog();
        var faults = new DynamoDbFaultInjector();
        await using var services = table.CreateServices(clientOptions: new DynamoDbClientOptions { RequestLog = log, Faults = faults, MaxErrorRetry = 2 });
        var users = services.GetRequiredService<IUserRepository>();
        Assert.Equal(RequestRetryMode.Standard, services.GetRequiredService<Amazon.DynamoDBv2.IAmazonDynamoDB>().Config.RetryMode);
        var user = await users.CreateAsync(new NewUser { Email = "throttled-update@example.com" }, Cancel);
        faults.Throttle("UpdateItem", times: 2);
        log.Clear();

        // When
        var linked = await users.LinkPaymentCustomerAsync(user.UserId, "stripe", "cus_throttled", Cancel);

        // Then three requests went out (the SDK backs off between them), and the change is stored
        Assert.Equal(2, faults.Injected);
        Assert.Equal(["UpdateItem", "UpdateItem", "UpdateItem"], log.Operations);
        Assert.Equal("cus_throttled", linked.ProviderCustomerId);
        var stored = await users.GetAsync(user.UserId, consistentRead: true, Cancel);
        Count(operations: 2, faults: faults.Injected, writesChecked: 1, lost: stored?.ProviderCustomerId == "cus_throttled" ? 0 : 1);
        Assert.Equal("cus_throttled", stored?.ProviderCustomerId);
    }

    [Fact]
    public async Task SignUpTransactionAppliedTwiceOverWithItsAnswerLost_IsRetriedWithItsToken_AndTheUserIsCreatedOnce()
    {
        // Given the sign-up's TransactWriteItems reaching DynamoDB Local and applied, then answered 500; its retry
        // reaching it too and answered 503; the third answered as DynamoDB answers
        var log = new DynamoDbRequestLog();
        var faults = new DynamoDbFaultInjector()
            .ServerErrorAfterApplying("TransactWriteItems", times: 1)
            .ServerErrorAfterApplying("TransactWriteItems", times: 1, HttpStatusCode.ServiceUnavailable);
        await using var services = table.CreateServices(clientOptions: new DynamoDbClientOptions { RequestLog = log, Faults = faults, MaxErrorRetry = 2 });
        var users = services.GetRequiredService<IUserRepository>();

        // When
        var user = await users.CreateAsync(new NewUser { Email = "five-hundred@example.com" }, Cancel);

        // Then the server saw the same transaction three times and applied it once (one ClientRequestToken for all
        // three: without it, the retries would meet the applied sign-up and fail as a duplicate e-mail)
        Assert.Equal(2, faults.Injected);
        Assert.Equal(3, log.CountOf("TransactWriteItems"));
        var stored = await users.GetAsync(user.UserId, consistentRead: true, Cancel);
        Assert.Equal(1, stored?.Version);
        var items = await TableSnapshot.ScanAsync(table.Client, table.TableName, Cancel);
        var found = items.Count(i => i["PK"].S is "EMAIL#five-hundred@example.com" || i["PK"].S == "USER#" + user.UserId);
        Count(operations: 1, faults: faults.Injected, writesChecked: 2, lost: 2 - found);
        Assert.Single(items, i => i["PK"].S == "EMAIL#five-hundred@example.com");
        Assert.Single(items, i => i["PK"].S == "USER#" + user.UserId);
    }

    [Fact]
    public async Task PaymentTransactionAppliedWithItsAnswerLost_IsRecordedOnce_AndReportedAsRecorded()
    {
        // Given a user, and the payment's TransactWriteItems applied by DynamoDB Local, then answered 500
        var faults = new DynamoDbFaultInjector();
        await using var services = table.CreateServices(clientOptions: new DynamoDbClientOptions { Faults = faults });
        var users = services.GetRequiredService<IUserRepository>();
        var payments = services.GetRequiredService<ICheckoutPaymentRepository>();
        var user = await users.CreateAsync(new NewUser { Email = "lost-payment@example.com" }, Cancel);
        faults.ServerErrorAfterApplying("TransactWriteItems");

        // When
        var result = await payments.RecordAsync(Payment(user.UserId, "cs_lost_answer"), cancellationToken: Cancel);

        // Then the retry with the same token is answered as the applied write: recorded (not "already recorded"), once
        Assert.Equal(1, faults.Injected);
        Assert.Equal(RecordPaymentOutcome.Recorded, result.Outcome);
        await CheckOnePaymentRecordedAsync(user.UserId, operations: 1, faults.Injected);
    }

    [Fact]
    public async Task UpdateAppliedWithItsAnswerLost_IsRecognisedAsTheCallersOwnWrite_AndAppliedOnce()
    {
        // Given a user, and UpdateItem applied by DynamoDB Local, then answered 500: the SDK's retry then fails its
        // condition against the write it made itself
        var log = new DynamoDbRequestLog();
        var faults = new DynamoDbFaultInjector();
        await using var services = table.CreateServices(clientOptions: new DynamoDbClientOptions { RequestLog = log, Faults = faults });
        var users = services.GetRequiredService<IUserRepository>();
        var user = await users.CreateAsync(new NewUser { Email = "lost-update@example.com" }, Cancel);
        faults.ServerErrorAfterApplying("UpdateItem");
        log.Clear();

        // When
        var updated = await users.UpdateProfileAsync(user with { DisplayName = "Once" }, Cancel);

        // Then two requests reached the server, the change is stored once (version 2), and the caller got it
        Assert.Equal(["UpdateItem", "UpdateItem"], log.Operations);
        var stored = await users.GetAsync(user.UserId, consistentRead: true, Cancel);
        Count(operations: 1, faults: faults.Injected, writesChecked: 1, lost: stored?.DisplayName == "Once" ? 0 : 1);
        Assert.Equal(("Once", 2L), (updated.DisplayName, updated.Version));
        Assert.Equal(("Once", 2L), (stored?.DisplayName, stored?.Version));
    }

    [Fact]
    public async Task ServerErrorsOnQueries_AreRetried_AndTheReadAnswers()
    {
        var faults = new DynamoDbFaultInjector();
        await using var services = table.CreateServices(clientOptions: new DynamoDbClientOptions { Faults = faults, MaxErrorRetry = 2 });
        var users = services.GetRequiredService<IUserRepository>();
        var accounts = services.GetRequiredService<IAccountRepository>();
        var user = await users.CreateAsync(new NewUser { Email = "query-5xx@example.com" }, Cancel);
        faults.ServerError("Query", times: 2, HttpStatusCode.BadGateway);

        var overview = await accounts.GetOverviewAsync(user.UserId, cancellationToken: Cancel);

        Count(operations: 2, faults: faults.Injected, writesChecked: 1, lost: overview is null ? 1 : 0);
        Assert.Equal(2, faults.Injected);
        Assert.Equal(user.UserId, overview?.User.UserId);
    }

    [Fact]
    public async Task ThrottlingPastTheSdkRetries_SurfacesTheThrottlingError_AndWritesNothing()
    {
        // Given a sign-up throttled more often than the SDK retries (1 retry)
        var faults = new DynamoDbFaultInjector().Throttle("TransactWriteItems", times: 5);
        await using var services = table.CreateServices(clientOptions: new DynamoDbClientOptions { Faults = faults, MaxErrorRetry = 1 });
        var users = services.GetRequiredService<IUserRepository>();

        // When
        var error = await Assert.ThrowsAsync<ProvisionedThroughputExceededException>(
            () => users.CreateAsync(new NewUser { Email = "throttled-out@example.com", UserId = "throttled-out" }, Cancel));

        // Then it says so, and nothing was written
        Assert.Equal(2, faults.Injected);
        Assert.Contains("throughput", error.Message, StringComparison.OrdinalIgnoreCase);
        var items = await TableSnapshot.ScanAsync(table.Client, table.TableName, Cancel);
        Assert.DoesNotContain(items, i => i["PK"].S is "USER#throttled-out" or "EMAIL#throttled-out@example.com");
        // Nothing was acknowledged, so nothing can be lost.
        Count(operations: 1, faults: faults.Injected, writesChecked: 0, lost: 0);
    }

    [Fact]
    public async Task TransactionCancelledForThrottlingOrConflict_IsRetriedByThePackage_AndThePaymentIsRecordedOnce()
    {
        // Given a user, and the payment transaction cancelled once for throttling and once for a conflict
        var faults = new DynamoDbFaultInjector();
        await using var services = table.CreateServices(clientOptions: new DynamoDbClientOptions { Faults = faults });
        var users = services.GetRequiredService<IUserRepository>();
        var payments = services.GetRequiredService<ICheckoutPaymentRepository>();
        var user = await users.CreateAsync(new NewUser { Email = "cancelled-tx@example.com" }, Cancel);
        faults.CancelTransaction(["ThrottlingError"]).CancelTransaction(["None", "TransactionConflict"]);

        // When
        var result = await payments.RecordAsync(Payment(user.UserId, "cs_cancelled"), cancellationToken: Cancel);

        // Then
        Assert.Equal(2, faults.Injected);
        Assert.Equal(RecordPaymentOutcome.Recorded, result.Outcome);
        await CheckOnePaymentRecordedAsync(user.UserId, operations: 2, faults.Injected);
    }

    [Fact]
    public async Task DeletingAUser_WhileDynamoDbLeavesBatchItemsUnprocessed_RetriesUntilEverythingIsGone()
    {
        // Given a user with 40 payments (41 items, two lookups each... in all 82 deletes: four BatchWriteItem chunks),
        // and the first four batch requests answered with half their items unprocessed
        var faults = new DynamoDbFaultInjector();
        await using var services = table.CreateServices(clientOptions: new DynamoDbClientOptions { Faults = faults });
        var users = services.GetRequiredService<IUserRepository>();
        var payments = services.GetRequiredService<ICheckoutPaymentRepository>();
        var user = await users.CreateAsync(new NewUser { Email = "unprocessed@example.com" }, Cancel);
        for (var i = 0; i < 40; i++)
        {
            await payments.RecordAsync(Payment(user.UserId, $"cs_unprocessed_{i:D2}"), cancellationToken: Cancel);
        }

        faults.UnprocessedItems("BatchWriteItem", times: 4);

        // When
        var deleted = await users.DeleteAsync(user.UserId, Cancel);

        // Then
        Assert.Equal(4, faults.Injected);
        Assert.Equal(82, deleted.ItemsDeleted);
        var items = await TableSnapshot.ScanAsync(table.Client, table.TableName, Cancel);
        // An acknowledged delete whose item is still there is a lost write too.
        var left = items.Count(i => i["PK"].S == "USER#" + user.UserId || (i.TryGetValue("UserId", out var owner) && owner.S == user.UserId));
        Count(operations: 42, faults: faults.Injected, writesChecked: 82, lost: left);
        Assert.Equal(0, left);
    }

    [Fact]
    public async Task BatchWritePastTheRetryLimit_InTheFirstOfThreeChunks_NamesEveryItemNotWritten_IncludingTheChunksNeverSent()
    {
        // Given 60 puts (three chunks) and DynamoDB leaving half of every request unprocessed; two attempts allowed
        var faults = new DynamoDbFaultInjector().UnprocessedItems("BatchWriteItem", times: 100);
        using var client = table.CreateClient(new DynamoDbClientOptions { Faults = faults });
        var options = table.CreateOptions();
        options.MaxBatchAttempts = 2;
        var entities = new EntityTable(client, table.Model, options);
        var documents = ContainerFaultTests.Documents("unprocessed-limit", 60);

        // When
        var error = await Assert.ThrowsAsync<BatchIncompleteException>(() => entities.BatchWriteAsync(ContainerFaultTests.Puts(documents), Cancel));

        // Then every key is either stored or named in the error: none is lost without a word
        var stored = (await TableSnapshot.ScanAsync(table.Client, table.TableName, Cancel))
            .Where(i => i["PK"].S == TenantDocument.CreatePartitionKey("unprocessed-limit", "p"))
            .Select(i => new PrimaryKey(i["PK"].S, i["SK"].S))
            .ToHashSet();
        var all = ContainerFaultTests.KeysOf(documents);
        Assert.Equal(2, error.Attempts);
        Assert.Empty(stored.Intersect(error.UnprocessedKeys));
        Assert.Equal(all.Except(stored).ToHashSet(), error.UnprocessedKeys.ToHashSet());
        Assert.Equal(60 - stored.Count, error.UnprocessedKeys.Count);
        Assert.Contains($"{error.UnprocessedKeys.Count} items", error.Message, StringComparison.Ordinal);
        Count(operations: 1, faults: faults.Injected, writesChecked: stored.Count, lost: all.Except(error.UnprocessedKeys).Except(stored).Count());
    }

    // One payment item and one checkout record of the user: counted from the table (a missing one is lost), then asserted.
    private async Task CheckOnePaymentRecordedAsync(string userId, long operations, long faults)
    {
        var items = await TableSnapshot.ScanAsync(table.Client, table.TableName, Cancel);
        var stored = items.Count(i => i["PK"].S == "USER#" + userId && i[ItemAttributeNames.EntityType].S == "CheckoutPayment");
        var records = items.Count(i => i[ItemAttributeNames.EntityType].S == "CheckoutRecord" && i["AccountId"].S == userId);
        Count(operations, faults, writesChecked: 2, lost: (stored == 0 ? 1 : 0) + (records == 0 ? 1 : 0));
        Assert.Equal((1, 1), (stored, records));
    }

    internal static NewCheckoutPayment Payment(string userId, string sessionId, long amount = 1999) => new()
    {
        PaymentProvider = "stripe",
        CheckoutSessionId = sessionId,
        UserId = userId,
        Amount = new Money(amount, "EUR"),
        Status = PaymentStatus.Paid,
    };

    // "lost" is counted from the table by each test: acknowledged writes it did not find.
    private static void Count(long operations, long faults, long writesChecked, long lost)
    {
        ReliabilityFigures.Add(ReliabilityFigures.OperationsRun, operations);
        ReliabilityFigures.Add(ReliabilityFigures.FaultsInjected, faults);
        ReliabilityFigures.Add(ReliabilityFigures.WritesChecked, writesChecked);
        ReliabilityFigures.Add(ReliabilityFigures.ItemsLost, lost);
    }
}
