using Amazon.DynamoDBv2;
using SaasUsers.Data.Tests.Reliability.Support;
using Xunit;

namespace SaasUsers.Data.Tests.Reliability;

/// <summary>
/// DynamoDB Local frozen (docker pause) while a request is in flight, on a container of this class's own: the client
/// sends half of the request's body, the container is paused, then the rest follows into the frozen server's socket,
/// so DynamoDB Local stops in the middle of reading a batch write chunk or a transaction. An operation either
/// completes once DynamoDB Local resumes, or fails within the client's timeout with a timeout that says the outcome is
/// unknown; afterwards a transaction is all there or not there at all and applies once when sent again, and every
/// item of a batch is either acknowledged and written or named in the error.
/// </summary>
/// <remarks>
/// Bounds are set with the client's <c>Timeout</c> and <c>MaxErrorRetry</c>; the test only guards against a hang with
/// <c>WaitAsync</c>, which fails the test instead of asserting a speed.
/// </remarks>
public sealed class ContainerFaultTests(PrivateDynamoDbLocalFixture fixture) : IClassFixture<PrivateDynamoDbLocalFixture>
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LongTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(2);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static TableModel Model { get; } = SaasUsersModel.CreateBuilder().Add<TenantDocument>().Build();

    // The most a call may take with a timeout on every attempt: one timeout an attempt, plus generous room for the
    // SDK's back-off and the docker pause call. Passing it means the call did not hang; it is not a speed claim.
    private static TimeSpan HangGuard(TimeSpan timeout, int maxErrorRetry) => timeout * (maxErrorRetry + 1) + TimeSpan.FromSeconds(30);

    [Fact]
    public async Task BatchWrite_PausedDuringTheSecondChunkAndResumed_CompletesWithEveryItemStored()
    {
        // Given a batch of 60 puts (three BatchWriteItem chunks), and DynamoDB Local frozen while the second chunk is
        // in flight (half of it received) and thawed two seconds later, well within the client's 30-second timeout
        var dynamoDb = fixture.DynamoDb;
        var options = await dynamoDb.CreateTableAsync(Model, "pause-batch", Cancel);
        var pauses = new PauseOnRequest(dynamoDb, "BatchWriteItem", number: 2, resumeAfter: Pause);
        using var client = dynamoDb.CreateClient(LongTimeout, maxErrorRetry: 2, pauses.InFlightAsync);
        var table = new EntityTable(client, Model, options);
        var documents = Documents("pause-batch", 60);

        // When
        await Within(table.BatchWriteAsync(Puts(documents), Cancel), HangGuard(LongTimeout, 2));
        await pauses.ResumedAsync();

        // Then the pause really happened mid-batch, and every item is stored
        Assert.Equal(1, pauses.Paused);
        Assert.Equal(3, pauses.Seen);
        var stored = await StoredKeysAsync(dynamoDb, options, "pause-batch");
        Count(operations: 1, containerFaults: 1, writesChecked: documents.Count, lost: KeysOf(documents).Except(stored).Count());
        Assert.Equal(KeysOf(documents), stored);
    }

    [Fact]
    public async Task BatchWrite_PausedPastTheClientTimeout_FailsWithATimeoutNamingEveryUnacknowledgedItem()
    {
        // Given DynamoDB Local frozen while the second of three chunks is in flight, and not thawed while the client
        // waits (2-second timeout, one SDK retry)
        var dynamoDb = fixture.DynamoDb;
        var options = await dynamoDb.CreateTableAsync(Model, "pause-batch-timeout", Cancel);

        // One chunk at a time, so that the first is acknowledged before the second is sent and frozen (with chunks in
        // flight together, BatchConcurrencyTests covers a request failing while others are answered).
        options.MaxBatchConcurrency = 1;
        var pauses = new PauseOnRequest(dynamoDb, "BatchWriteItem", number: 2, resumeAfter: null);
        using var client = dynamoDb.CreateClient(ShortTimeout, maxErrorRetry: 1, pauses.InFlightAsync);
        var table = new EntityTable(client, Model, options);
        var documents = Documents("pause-batch-timeout", 60);

        // When
        BatchIncompleteException error;
        try
        {
            error = await Assert.ThrowsAsync<BatchIncompleteException>(
                () => Within(table.BatchWriteAsync(Puts(documents), Cancel), HangGuard(ShortTimeout, 1)));
        }
        finally
        {
            await dynamoDb.UnpauseAsync();
        }

        // Then the error is a timeout, and names the 35 items of the chunks that were not acknowledged
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Contains("BatchWriteItem on table", error.InnerException.Message, StringComparison.Ordinal);
        Assert.Contains("client timeout (00:00:02)", error.Message, StringComparison.Ordinal);
        Assert.Equal(35, error.UnprocessedKeys.Count);
        Assert.Equal(KeysOf(documents.Skip(25)), error.UnprocessedKeys.ToHashSet());

        // And every item the error does not name is stored (the named ones may or may not be: the frozen request
        // can still be applied when DynamoDB Local thaws)
        var stored = await StoredKeysAsync(dynamoDb, options, "pause-batch-timeout");
        var acknowledged = KeysOf(documents).Except(error.UnprocessedKeys).ToHashSet();
        Count(operations: 1, containerFaults: 1, writesChecked: acknowledged.Count, lost: acknowledged.Except(stored).Count());
        Assert.Equal(25, acknowledged.Count);
        Assert.Subset(stored, acknowledged);
        Assert.Subset(KeysOf(documents), stored);
    }

    [Fact]
    public async Task SignUpTransaction_PausedAndResumed_CompletesWithTheUserAndItsEmailSentinel()
    {
        // Given DynamoDB Local frozen while the sign-up's TransactWriteItems is in flight, thawed two seconds later
        var dynamoDb = fixture.DynamoDb;
        var options = await dynamoDb.CreateTableAsync(Model, "pause-signup", Cancel);
        var pauses = new PauseOnRequest(dynamoDb, "TransactWriteItems", number: 1, resumeAfter: Pause);
        using var client = dynamoDb.CreateClient(LongTimeout, maxErrorRetry: 2, pauses.InFlightAsync);
        var users = new UserRepository(new EntityTable(client, Model, options));

        // When
        var user = await Within(users.CreateAsync(new NewUser { Email = "paused@example.com", UserId = "paused-user" }, Cancel), HangGuard(LongTimeout, 2));
        await pauses.ResumedAsync();

        // Then
        Assert.Equal(1, pauses.Paused);
        using var reader = dynamoDb.CreateClient();
        var readers = new UserRepository(new EntityTable(reader, Model, options));
        Assert.Equal(user.UserId, (await readers.GetAsync("paused-user", consistentRead: true, Cancel))?.UserId);
        var items = await TableSnapshot.ScanAsync(reader, options.TableName!, Cancel);
        Count(operations: 1, containerFaults: 1, writesChecked: 2, lost: 2 - items.Count(i => i["PK"].S is "EMAIL#paused@example.com" or "USER#paused-user"));
        Assert.Contains(items, i => i["PK"].S == "EMAIL#paused@example.com" && i["UserId"].S == "paused-user");
        Assert.Equal(2, items.Count);
    }

    [Fact]
    public async Task Transaction_PausedPastTheClientTimeout_FailsWithATimeout_LeavesAllOrNothing_AndARetryWithItsTokenAppliesOnce()
    {
        // Given a transaction of three creates with its own idempotency token, and DynamoDB Local frozen while it is
        // in flight (half received)
        var dynamoDb = fixture.DynamoDb;
        var options = await dynamoDb.CreateTableAsync(Model, "pause-tx", Cancel);
        var pauses = new PauseOnRequest(dynamoDb, "TransactWriteItems", number: 1, resumeAfter: null);
        using var client = dynamoDb.CreateClient(ShortTimeout, maxErrorRetry: 0, pauses.InFlightAsync);
        var documents = Documents("pause-tx", 3);
        var transaction = new TransactionBuilder { ClientRequestToken = Guid.NewGuid().ToString("N") };
        foreach (var document in documents)
        {
            transaction.Create(document);
        }

        // When
        Exception error;
        try
        {
            error = await Assert.ThrowsAsync<TimeoutException>(
                () => Within(new EntityTable(client, Model, options).TransactWriteAsync(transaction, Cancel), HangGuard(ShortTimeout, 0)));
        }
        finally
        {
            await dynamoDb.UnpauseAsync();
        }

        Assert.Contains($"TransactWriteItems on table '{options.TableName}' got no answer within the client timeout (00:00:02)", error.Message, StringComparison.Ordinal);

        // Then the table holds all three documents or none of them, never a part
        using var reader = dynamoDb.CreateClient();
        var stored = await StoredKeysAsync(dynamoDb, options, "pause-tx");
        Assert.True(stored.Count is 0 or 3, $"The transaction was partly applied: {stored.Count} of 3 items. ({error.Message})");

        // And sending it again with the same token applies it exactly once (created at version 1, whichever request won)
        await new EntityTable(reader, Model, options).TransactWriteAsync(transaction, Cancel);
        var items = await TableSnapshot.ScanAsync(reader, options.TableName!, Cancel);
        Count(operations: 2, containerFaults: 1, writesChecked: 3, lost: 3 - items.Count);
        Assert.Equal(3, items.Count);
        Assert.All(items, i => Assert.Equal("1", i["Version"].N));
    }

    [Fact]
    public async Task PaymentWebhook_PausedPastTheClientTimeout_ThenDeliveredAgain_IsRecordedExactlyOnce()
    {
        // Given a user, and DynamoDB Local frozen while the payment's transaction is in flight
        var dynamoDb = fixture.DynamoDb;
        var options = await dynamoDb.CreateTableAsync(Model, "pause-pay", Cancel);
        using var reader = dynamoDb.CreateClient();
        var readerTable = new EntityTable(reader, Model, options);
        await new UserRepository(readerTable).CreateAsync(new NewUser { Email = "payer@example.com", UserId = "payer" }, Cancel);
        var pauses = new PauseOnRequest(dynamoDb, "TransactWriteItems", number: 1, resumeAfter: null);
        using var client = dynamoDb.CreateClient(ShortTimeout, maxErrorRetry: 0, pauses.InFlightAsync);
        var payment = new NewCheckoutPayment
        {
            PaymentProvider = "stripe",
            CheckoutSessionId = "cs_paused",
            UserId = "payer",
            Amount = new Money(1999, "EUR"),
            Status = PaymentStatus.Paid,
        };

        // When the first delivery times out
        try
        {
            var timeout = await Assert.ThrowsAsync<TimeoutException>(
                () => Within(new CheckoutPaymentRepository(new EntityTable(client, Model, options), options).RecordAsync(payment, cancellationToken: Cancel), HangGuard(ShortTimeout, 0)));
            Assert.Contains("may or may not have been applied", timeout.Message, StringComparison.Ordinal);
        }
        finally
        {
            await dynamoDb.UnpauseAsync();
        }

        // And the provider delivers the same event again
        var again = await new CheckoutPaymentRepository(readerTable, options).RecordAsync(payment, cancellationToken: Cancel);

        // Then the payment is recorded once: one payment item, one idempotency record
        Assert.Contains(again.Outcome, new[] { RecordPaymentOutcome.Recorded, RecordPaymentOutcome.AlreadyRecorded });
        var items = await TableSnapshot.ScanAsync(reader, options.TableName!, Cancel);
        var paymentItems = items.Count(i => i[ItemAttributeNames.EntityType].S == "CheckoutPayment");
        var recordItems = items.Count(i => i[ItemAttributeNames.EntityType].S == "CheckoutRecord");
        Count(operations: 3, containerFaults: 1, writesChecked: 2, lost: (paymentItems == 0 ? 1 : 0) + (recordItems == 0 ? 1 : 0));
        Assert.Equal((1, 1), (paymentItems, recordItems));
        Assert.Equal("cs_paused", (await new CheckoutPaymentRepository(readerTable, options).GetByCheckoutSessionAsync("stripe", "cs_paused", Cancel))?.CheckoutSessionId);
    }

    // Fails the test (with an assertion failure, never a TimeoutException that could pass for the client's) when the
    // call is still running after the bound.
    internal static async Task Within(Task call, TimeSpan bound)
    {
        if (await Task.WhenAny(call, Task.Delay(bound, Cancel)) != call)
        {
            Assert.Fail($"The call was still running after {bound}: it hung past its client timeout.");
        }

        await call;
    }

    internal static async Task<T> Within<T>(Task<T> call, TimeSpan bound)
    {
        await Within((Task)call, bound);
        return await call;
    }

    internal static List<TenantDocument> Documents(string tenant, int count) =>
        Enumerable.Range(0, count).Select(i => new TenantDocument { Tenant = tenant, Project = "p", DocumentId = $"d{i:D3}", Body = "body " + i }).ToList();

    internal static BatchWriteBuilder Puts(IEnumerable<TenantDocument> documents)
    {
        var batch = new BatchWriteBuilder();
        foreach (var document in documents)
        {
            batch.Put(document);
        }

        return batch;
    }

    internal static HashSet<PrimaryKey> KeysOf(IEnumerable<TenantDocument> documents) => documents.Select(TenantDocument.Mapper.GetKey).ToHashSet();

    // "lost" is counted from the table by each test: acknowledged writes it did not find.
    internal static void Count(long operations, long containerFaults, long writesChecked, long lost)
    {
        ReliabilityFigures.Add(ReliabilityFigures.OperationsRun, operations);
        ReliabilityFigures.Add(ReliabilityFigures.ContainerFaults, containerFaults);
        ReliabilityFigures.Add(ReliabilityFigures.WritesChecked, writesChecked);
        ReliabilityFigures.Add(ReliabilityFigures.ItemsLost, lost);
    }

    private static async Task<HashSet<PrimaryKey>> StoredKeysAsync(PrivateDynamoDbLocal dynamoDb, SaasUsersTableOptions options, string tenant)
    {
        using IAmazonDynamoDB reader = dynamoDb.CreateClient();
        var items = await TableSnapshot.ScanAsync(reader, options.TableName!, Cancel);
        return items
            .Where(i => i["PK"].S == TenantDocument.CreatePartitionKey(tenant, "p"))
            .Select(i => new PrimaryKey(i["PK"].S, i["SK"].S))
            .ToHashSet();
    }

    /// <summary>Pauses the container while the <c>number</c>th request of one API is in flight (half of it sent), and thaws it after <c>resumeAfter</c> (or never).</summary>
    private sealed class PauseOnRequest(PrivateDynamoDbLocal dynamoDb, string operation, int number, TimeSpan? resumeAfter)
    {
        private int _seen;
        private int _paused;
        private Task _resumed = Task.CompletedTask;

        public int Seen => Volatile.Read(ref _seen);

        public int Paused => Volatile.Read(ref _paused);

        public async Task InFlightAsync(string sending)
        {
            if (sending != operation || Interlocked.Increment(ref _seen) != number)
            {
                return;
            }

            await dynamoDb.PauseAsync();
            Interlocked.Increment(ref _paused);
            if (resumeAfter is { } delay)
            {
                _resumed = Task.Run(async () =>
                {
                    await Task.Delay(delay, CancellationToken.None);
                    await dynamoDb.UnpauseAsync();
                });
            }
        }

        public Task ResumedAsync() => _resumed;
    }
}
