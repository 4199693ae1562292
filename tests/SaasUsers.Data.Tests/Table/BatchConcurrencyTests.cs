using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Testing;
using SaasUsers.Data.Tests.Table.Entities;
using Xunit;

namespace SaasUsers.Data.Tests.Table;

/// <summary>
/// Batch calls send their chunks with bounded concurrency (<see cref="SaasUsersTableOptions.MaxBatchConcurrency"/>),
/// against DynamoDB Local: how many requests are really in flight at once, that each chunk retries its own
/// unprocessed items, and that a failure reports exactly what was left, with requests really overlapping.
/// </summary>
public sealed class BatchConcurrencyTests(TableFixture fixture) : IClassFixture<TableFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    public async Task BatchWriteAsync_Of1000Puts_KeepsExactlyMaxBatchConcurrencyRequestsInFlightAndWritesEveryItem(int concurrency)
    {
        // Given a client that holds each request until as many as allowed are in flight at once
        using var client = new ConcurrencyProbeClient(fixture.ServiceUrl, hold: concurrency);
        var table = CreateTable(client, o => o.MaxBatchConcurrency = concurrency);
        var notes = Notes.New(1000);

        // When
        await table.BatchWriteAsync(Notes.Puts(notes), Cancel);

        // Then that many were in flight at once and never more, in 40 requests, and every item is stored
        Assert.Equal(concurrency, client.MaxInFlight);
        Assert.Equal(40, client.Sent);
        Assert.Equal(Sorted(notes.Select(Note.Mapper.GetKey)), Sorted(await StoredKeysAsync(notes)));
    }

    [Fact]
    public async Task BatchWriteAsync_ByDefault_SendsFourChunksAtOnce()
    {
        using var client = new ConcurrencyProbeClient(fixture.ServiceUrl, hold: 4);
        var table = CreateTable(client);

        await table.BatchWriteAsync(Notes.Puts(Notes.New(250)), Cancel);

        Assert.Equal(4, new SaasUsersTableOptions().MaxBatchConcurrency);
        Assert.Equal(4, client.MaxInFlight);
    }

    [Fact]
    public async Task BatchGetAsync_Of450Keys_SendsChunksAtOnceAndReturnsEveryItemOnce()
    {
        // Given 400 stored notes and 50 keys without an item (5 chunks of at most 100 keys)
        var notes = Notes.New(400);
        using (var scope = fixture.CreateTable())
        {
            await scope.Table.BatchWriteAsync(Notes.Puts(notes), Cancel);
        }

        using var client = new ConcurrencyProbeClient(fixture.ServiceUrl, hold: 4);
        var table = CreateTable(client);
        var keys = notes.Select(Note.Mapper.GetKey).Concat(Enumerable.Range(0, 50).Select(i => Note.CreateKey("org-none", DateTimeOffset.UnixEpoch, "missing" + i))).ToList();

        // When
        var items = await table.BatchGetAsync<Note>(keys, consistentRead: true, Cancel);

        // Then
        Assert.Equal(4, client.MaxInFlight);
        Assert.Equal(5, client.Sent);
        Assert.Equal(notes.Select(n => n.NoteId).Order(), items.Select(n => n.NoteId).Order());
    }

    [Fact]
    public async Task BatchWriteAsync_WhenChunksInFlightAreLeftHalfUnprocessed_EachChunkRetriesItsOwnUntilEveryItemIsWritten()
    {
        // Given DynamoDB answering six of the batch writes with half their items unprocessed, four chunks at a time
        var log = new DynamoDbRequestLog();
        var faults = new DynamoDbFaultInjector().UnprocessedItems("BatchWriteItem", times: 6);
        using var scope = fixture.CreateTable(new DynamoDbClientOptions { RequestLog = log, Faults = faults }, o => o.MaxBatchConcurrency = 4);
        var notes = Notes.New(250);

        // When
        await scope.Table.BatchWriteAsync(Notes.Puts(notes), Cancel);

        // Then every item is stored once, after retries that were really sent
        Assert.Equal(6, faults.Injected);
        Assert.Equal(16, log.CountOf("BatchWriteItem"));
        Assert.Equal(Sorted(notes.Select(Note.Mapper.GetKey)), Sorted(await StoredKeysAsync(notes)));
    }

    [Fact]
    public async Task BatchWriteAsync_PastTheRetryLimitWithChunksInFlight_ThrowsListingExactlyTheKeysNotInTheTable()
    {
        // Given DynamoDB leaving half of every batch write unprocessed, more often than the table retries (12 chunks)
        var faults = new DynamoDbFaultInjector().UnprocessedItems("BatchWriteItem", times: 1000);
        using var scope = fixture.CreateTable(new DynamoDbClientOptions { Faults = faults }, o =>
        {
            o.MaxBatchAttempts = 2;
            o.MaxBatchConcurrency = 4;
        });
        var notes = Notes.New(300);

        // When
        var error = await Assert.ThrowsAsync<BatchIncompleteException>(() => scope.Table.BatchWriteAsync(Notes.Puts(notes), Cancel));

        // Then the exception names each key not in the table once, and no key that is (chunks never sent included)
        var stored = await StoredKeysAsync(notes);
        var notStored = Sorted(notes.Select(Note.Mapper.GetKey).Except(stored));
        Assert.Equal(2, error.Attempts);
        Assert.Equal("BatchWriteItem", error.Operation);
        Assert.NotEmpty(stored);
        Assert.Equal(notStored, Sorted(error.UnprocessedKeys));
        Assert.Equal(error.UnprocessedKeys.Count, error.UnprocessedKeys.Distinct().Count());
    }

    [Fact]
    public async Task BatchWriteAsync_WhenOneRequestFailsWhileOthersAreInFlight_ThrowsListingExactlyTheKeysNotInTheTable()
    {
        // Given the third of four requests in flight failing (the others are answered)
        var failure = new AmazonDynamoDBException("injected: the connection was reset");
        using var client = new ConcurrencyProbeClient(fixture.ServiceUrl, hold: 4) { Fail = number => number == 3 ? failure : null };
        var table = CreateTable(client, o => o.MaxBatchConcurrency = 4);
        var notes = Notes.New(300);

        // When
        var error = await Assert.ThrowsAsync<BatchIncompleteException>(() => table.BatchWriteAsync(Notes.Puts(notes), Cancel));

        // Then the writes of the failed request and of the chunks not sent are named: exactly those not stored
        var stored = await StoredKeysAsync(notes);
        Assert.Same(failure, error.InnerException);
        Assert.True(stored.Count >= 75, $"The three other requests in flight were answered; {stored.Count} items stored.");
        Assert.Equal(Sorted(notes.Select(Note.Mapper.GetKey).Except(stored)), Sorted(error.UnprocessedKeys));
    }

    [Fact]
    public async Task BatchWriteAsync_WhenEveryRequestFails_ThrowsTheErrorItselfAndWritesNothing()
    {
        var failure = new AmazonDynamoDBException("injected: refused");
        using var client = new ConcurrencyProbeClient(fixture.ServiceUrl, hold: 1) { Fail = _ => failure };
        var table = CreateTable(client);
        var notes = Notes.New(100);

        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => table.BatchWriteAsync(Notes.Puts(notes), Cancel));

        Assert.Same(failure, error);
        Assert.Empty(await StoredKeysAsync(notes));
    }

    [Fact]
    public async Task BatchGetAsync_WhenOneRequestFailsWhileOthersAreInFlight_ThrowsTheError()
    {
        var failure = new AmazonDynamoDBException("injected: internal error");
        using var client = new ConcurrencyProbeClient(fixture.ServiceUrl, hold: 3) { Fail = number => number == 2 ? failure : null };
        var table = CreateTable(client);
        var keys = Enumerable.Range(0, 500).Select(i => Note.CreateKey("org-none", DateTimeOffset.UnixEpoch, "k" + i)).ToList();

        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => table.BatchGetAsync(keys, cancellationToken: Cancel));

        Assert.Same(failure, error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    [InlineData(-1)]
    public void Constructor_WithMaxBatchConcurrencyOutOfRange_ThrowsNamingTheOption(int concurrency)
    {
        var options = fixture.CreateOptions();
        options.MaxBatchConcurrency = concurrency;

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new EntityTable(fixture.Client, fixture.Model, options));

        Assert.Equal("options", error.ParamName);
        Assert.Contains("MaxBatchConcurrency must be from 1 to 32", error.Message, StringComparison.Ordinal);
    }

    private EntityTable CreateTable(IAmazonDynamoDB client, Action<SaasUsersTableOptions>? configure = null)
    {
        var options = fixture.CreateOptions();
        configure?.Invoke(options);
        return new EntityTable(client, fixture.Model, options);
    }

    private async Task<List<PrimaryKey>> StoredKeysAsync(List<Note> notes)
    {
        var stored = await TableContents.PartitionAsync(fixture.Client, fixture.TableName, Note.CreatePartitionKey(notes[0].OrgId), Cancel);
        return stored.Select(i => new PrimaryKey(i["PK"].S, i["SK"].S)).ToList();
    }

    private static List<string> Sorted(IEnumerable<PrimaryKey> keys) => keys.Select(k => k.ToString()).Order(StringComparer.Ordinal).ToList();


    /// <summary>
    /// A client of DynamoDB Local that counts the batch requests in flight, holding each until <c>hold</c> are in
    /// flight at once (<see cref="InFlightGate"/>). A request that <see cref="Fail"/> answers with an exception fails
    /// after that wait, without reaching DynamoDB Local.
    /// </summary>
    private sealed class ConcurrencyProbeClient(Uri serviceUrl, int hold) : AmazonDynamoDBClient(
        DynamoDbLocal.Credentials, new AmazonDynamoDBConfig { ServiceURL = serviceUrl.ToString(), AuthenticationRegion = DynamoDbLocal.Region })
    {
        private readonly InFlightGate _gate = new(hold);

        /// <summary>The exception for request number n (from 1), or null to send it.</summary>
        public Func<int, Exception?>? Fail { get; init; }

        public int MaxInFlight => _gate.MaxInFlight;

        public int Sent => _gate.Sent;

        public override Task<BatchWriteItemResponse> BatchWriteItemAsync(BatchWriteItemRequest request, CancellationToken cancellationToken = default) =>
            ProbeAsync(() => base.BatchWriteItemAsync(request, cancellationToken));

        public override Task<BatchGetItemResponse> BatchGetItemAsync(BatchGetItemRequest request, CancellationToken cancellationToken = default) =>
            ProbeAsync(() => base.BatchGetItemAsync(request, cancellationToken));

        private Task<T> ProbeAsync<T>(Func<Task<T>> send) =>
            _gate.PassAsync(number => Fail?.Invoke(number) is { } failure ? Task.FromException<T>(failure) : send(), Cancel);
    }
}
