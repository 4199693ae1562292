using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using SaasUsers.Data.Testing;
using SaasUsers.Data.Tests.Mapping.Entities;
using SaasUsers.Data.Tests.Table.Entities;
using Xunit;

namespace SaasUsers.Data.Tests.Table;

/// <summary>
/// <c>BatchGetAsync</c> on the direct read path: each chunk is sent signed by the library itself and its answer decoded
/// straight into entities, with the SDK path's chunking, concurrency, per-chunk retries of unprocessed keys, exact
/// reporting of what was left, errors, telemetry and cancellation. Answers DynamoDB Local never gives (keys left
/// unprocessed, throttling of one chunk) are real answers of DynamoDB Local rewritten on their way back, in the
/// service's format; where the outcome can be replayed, the very same bytes go to a table on each path.
/// </summary>
public sealed class DirectBatchGetTests(DirectReadCorpusFixture fixture) : IClassFixture<DirectReadCorpusFixture>
{
    private const string SdkInvocationHeader = "amz-sdk-invocation-id";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<bool> BothPaths => new(false, true);

    [Fact]
    public async Task BatchGet_OnTheDirectPath_SendsItsOwnRequests_TheSameRequestsTheSdkSends()
    {
        // Given DynamoDB Local's answers to a batch get of 4 chunks, recorded on the SDK path
        await fixture.SeedAsync();
        var keys = DirectReadEquivalenceTests.Spread(fixture.Corpus.Select(DirectReadEquivalenceTests.Key));
        var recorder = new AnswerRecorder();
        using (var client = HandlerFactory.CreateClient(fixture.ServiceUrl, recorder))
        {
            await Table(client, direct: false).BatchGetAsync(keys, cancellationToken: Cancel);
        }

        // When each path sends the same batch get to a replay of those answers
        var sdk = new AnswerReplayer(recorder.Answers);
        var direct = new AnswerReplayer(recorder.Answers);
        using (var client = HandlerFactory.CreateClient(fixture.ServiceUrl, sdk))
        {
            await Table(client, direct: false).BatchGetAsync(keys, cancellationToken: Cancel);
        }

        using (var client = HandlerFactory.CreateClient(fixture.ServiceUrl, direct))
        {
            await Table(client, direct: true).BatchGetAsync(keys, cancellationToken: Cancel);
        }

        // Then the SDK sent its requests (it marks each with an invocation id), the direct path its own, unmarked ones,
        // and both sent the same 4 requests (each answered by the recording of the same request)
        Assert.Equal(4, recorder.Answers.Count);
        Assert.All(sdk.Received, r => Assert.Contains(SdkInvocationHeader, r.HeaderNames, StringComparer.OrdinalIgnoreCase));
        Assert.All(direct.Received, r => Assert.DoesNotContain(SdkInvocationHeader, r.HeaderNames, StringComparer.OrdinalIgnoreCase));
        Assert.All(direct.Received, r => Assert.Contains("Authorization", r.HeaderNames, StringComparer.OrdinalIgnoreCase));
        Assert.Equal(sdk.Received.Select(r => r.Request).Order(StringComparer.Ordinal), direct.Received.Select(r => r.Request).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReplayedAnswers_WithKeysLeftUnprocessed_AreRetriedChunkByChunk_AndDecodeToTheSameResult_OnBothPaths(bool typed)
    {
        // Given DynamoDB Local's answers to a batch get of 4 chunks, 3 of which came back with half their keys unprocessed
        await fixture.SeedAsync();
        var keys = DirectReadEquivalenceTests.Spread(fixture.Corpus.Select(DirectReadEquivalenceTests.Key));
        var cut = 0;
        var recorder = new AnswerRecorder((request, answer) => Interlocked.Increment(ref cut) <= 3 ? LeaveHalfUnprocessed(request, answer, fixture.TableName).Answer : answer);
        string live;
        using (var client = HandlerFactory.CreateClient(fixture.ServiceUrl, recorder))
        {
            live = await Read(Table(client, direct: false), keys, typed);
        }

        // When the same bytes are replayed to a table on each path
        var sdk = new AnswerReplayer(recorder.Answers);
        var direct = new AnswerReplayer(recorder.Answers);
        string sdkResult, directResult;
        using (var client = HandlerFactory.CreateClient(fixture.ServiceUrl, sdk))
        {
            sdkResult = await Read(Table(client, direct: false), keys, typed);
        }

        using (var client = HandlerFactory.CreateClient(fixture.ServiceUrl, direct))
        {
            directResult = await Read(Table(client, direct: true), keys, typed);
        }

        // Then each path retried exactly the keys left (7 requests, each the request recorded), and decoded the same
        // entities and unknown items, every corpus item among them
        Assert.Equal(7, recorder.Answers.Count);
        Assert.Equal(7, sdk.Received.Count);
        Assert.Equal(7, direct.Received.Count);
        Assert.Equal(live, sdkResult);
        Assert.Equal(sdkResult, directResult);
        Assert.Equal(typed ? 6 : fixture.Corpus.Count, directResult.Split('\n').Length);
    }

    [Fact]
    public async Task ReplayedAnswers_PastTheAttemptLimit_ReportExactlyTheKeysLeftAndTheChunksNeverSent_OnBothPaths()
    {
        // Given DynamoDB Local's answers, every one with half its keys unprocessed; two attempts a chunk, one chunk at a time
        await fixture.SeedAsync();
        var keys = DirectReadEquivalenceTests.Spread(fixture.Corpus.Select(DirectReadEquivalenceTests.Key));
        var recorder = new AnswerRecorder((request, answer) => LeaveHalfUnprocessed(request, answer, fixture.TableName).Answer);
        using (var client = HandlerFactory.CreateClient(fixture.ServiceUrl, recorder))
        {
            await Assert.ThrowsAsync<BatchIncompleteException>(() => Table(client, direct: false, o => Limits(o, attempts: 2, concurrency: 1)).BatchGetAsync(keys, cancellationToken: Cancel));
        }

        // When the same bytes are replayed to a table on each path
        var errors = new List<BatchIncompleteException>();
        foreach (var direct in new[] { false, true })
        {
            using var client = HandlerFactory.CreateClient(fixture.ServiceUrl, new AnswerReplayer(recorder.Answers));
            errors.Add(await Assert.ThrowsAsync<BatchIncompleteException>(
                () => Table(client, direct, o => Limits(o, attempts: 2, concurrency: 1)).BatchGetAsync(keys, cancellationToken: Cancel)));
        }

        // Then both name, in order, the quarter of the first chunk still unprocessed after its two attempts, then every
        // key of the three chunks never sent
        foreach (var error in errors)
        {
            Assert.Equal("BatchGetItem", error.Operation);
            Assert.Equal(2, error.Attempts);
            Assert.Null(error.InnerException);
            Assert.Equal(keys.Skip(75), error.UnprocessedKeys);
        }
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task PastTheAttemptLimit_WithChunksInFlight_ReportsExactlyTheKeysNotRead(bool direct)
    {
        // Given DynamoDB Local answering every batch get with half its keys unprocessed, four chunks at a time
        await fixture.SeedAsync();
        var keys = DirectReadEquivalenceTests.Spread(fixture.Corpus.Concat(fixture.Faulty).Select(DirectReadEquivalenceTests.Key));
        var read = new ConcurrentBag<PrimaryKey>();
        var recorder = new AnswerRecorder((request, answer) =>
        {
            var (rewritten, requested, left) = LeaveHalfUnprocessed(request, answer, fixture.TableName);
            foreach (var key in requested.Except(left))
            {
                read.Add(key);
            }

            return rewritten;
        });
        using var client = HandlerFactory.CreateClient(fixture.ServiceUrl, recorder);

        // When
        var error = await Assert.ThrowsAsync<BatchIncompleteException>(
            () => Table(client, direct, o => Limits(o, attempts: 3, concurrency: 4)).BatchGetAsync(keys, cancellationToken: Cancel));

        // Then every key is either answered or named, never both, never twice (chunks never sent included)
        Assert.Equal(error.UnprocessedKeys.Count, error.UnprocessedKeys.Distinct().Count());
        Assert.Equal(read.Count, read.Distinct().Count());
        Assert.Empty(error.UnprocessedKeys.Intersect(read));
        Assert.Equal(Sorted(keys), Sorted(error.UnprocessedKeys.Concat(read)));
        Assert.True(keys.Count > 400 && error.UnprocessedKeys.Count > keys.Count / 8, $"{error.UnprocessedKeys.Count} of {keys.Count} keys named.");
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task ChunksInFlight_AreAtMostMaxBatchConcurrency_AndEveryItemIsReadOnce(bool direct)
    {
        // Given 250 stored notes and 60 keys without an item (4 chunks, 3 at a time), and a handler that holds each
        // request until three are in flight
        var notes = Notes.New(250);
        using (var writer = fixture.CreateClient())
        {
            await Table(writer, direct: false).BatchWriteAsync(Notes.Puts(notes), Cancel);
        }

        var keys = notes.Select(Note.Mapper.GetKey).Concat(Enumerable.Range(0, 60).Select(i => Note.CreateKey("org-none", DateTimeOffset.UnixEpoch, "missing" + i))).ToList();
        var probe = new InFlightProbe(hold: 3);
        using var client = HandlerFactory.CreateClient(fixture.ServiceUrl, probe);

        // When
        var items = await Table(client, direct, o => o.MaxBatchConcurrency = 3).BatchGetAsync<Note>(keys, consistentRead: true, Cancel);

        // Then three were in flight at once and never more, and each stored note came back once
        Assert.Equal(3, probe.MaxInFlight);
        Assert.Equal(4, probe.Sent);
        Assert.Equal(notes.Select(n => n.NoteId), items.Select(n => n.NoteId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Throttled_WithinTheRetries_Succeeds_AndPastThem_IsTheSdksException_OnBothPaths()
    {
        await fixture.SeedAsync();
        var keys = DirectReadEquivalenceTests.Spread(fixture.Corpus.Take(4).Select(DirectReadEquivalenceTests.Key));
        var errors = new List<AmazonServiceException>();
        var results = new List<int>();
        foreach (var direct in new[] { false, true })
        {
            // Given the two chunks' first two requests throttled (the client retries twice)
            var faults = new DynamoDbFaultInjector().Throttle("BatchGetItem", times: 2);
            var log = new DynamoDbRequestLog();
            using (var client = fixture.CreateClient(new DynamoDbClientOptions { Faults = faults, RequestLog = log, MaxErrorRetry = 2 }))
            {
                // When read, then
                results.Add((await Table(client, direct).BatchGetAsync(keys, cancellationToken: Cancel)).Count);
                Assert.Equal(2, faults.Injected);
                Assert.Equal(4, log.CountOf("BatchGetItem"));
            }

            // And given every request throttled, with one retry
            faults = new DynamoDbFaultInjector().Throttle("BatchGetItem", times: 100);
            using (var client = fixture.CreateClient(new DynamoDbClientOptions { Faults = faults, MaxErrorRetry = 1 }))
            {
                errors.Add(await Assert.ThrowsAsync<ProvisionedThroughputExceededException>(
                    () => Table(client, direct, o => o.MaxBatchConcurrency = 1).BatchGetAsync(keys, cancellationToken: Cancel)));
                Assert.Equal(2, faults.Injected);
            }
        }

        // Then both paths read the four items, and fail with the same SDK exception
        Assert.Equal(new[] { 4, 4 }, results);
        Assert.Equal(
            (errors[0].GetType(), errors[0].ErrorCode, errors[0].StatusCode, errors[0].ErrorType, errors[0].Message),
            (errors[1].GetType(), errors[1].ErrorCode, errors[1].StatusCode, errors[1].ErrorType, errors[1].Message));
    }

    [Fact]
    public async Task KeysTheTableRefuses_AreTheSdksValidationException_OnBothPaths()
    {
        // Given a table whose key is PK alone (DynamoDB refuses keys with SK)
        using var client = fixture.CreateClient(new DynamoDbClientOptions { MaxErrorRetry = 0 });
        var tableName = "pk-only-" + Guid.NewGuid().ToString("N")[..8];
        await client.CreateTableAsync(
            new CreateTableRequest
            {
                TableName = tableName,
                KeySchema = [new KeySchemaElement("PK", KeyType.HASH)],
                AttributeDefinitions = [new AttributeDefinition("PK", ScalarAttributeType.S)],
                BillingMode = BillingMode.PAY_PER_REQUEST,
            },
            Cancel);
        try
        {
            // When each path reads from it
            var errors = new List<AmazonDynamoDBException>();
            foreach (var direct in new[] { false, true })
            {
                var table = Table(client, direct, o => o.TableName = tableName);
                errors.Add(await Assert.ThrowsAsync<AmazonDynamoDBException>(() => table.BatchGetAsync([new PrimaryKey("RICH#x", "X")], cancellationToken: Cancel)));
            }

            // Then both throw the SDK's exception with the service's code, status and message
            Assert.All(errors, e => Assert.Equal("ValidationException", e.ErrorCode));
            Assert.All(errors, e => Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode));
            Assert.Equal((errors[0].GetType(), errors[0].Message), (errors[1].GetType(), errors[1].Message));
        }
        finally
        {
            await client.DeleteTableAsync(tableName, Cancel);
        }
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task ARefusedLaterChunk_IsTheAnswer_RatherThanAFaultyItemOfAnEarlierChunk(bool direct)
    {
        // Given a faulty item in the first chunk, and the second chunk's request throttled, one chunk at a time
        await fixture.SeedAsync();
        var keys = new[] { DirectReadEquivalenceTests.Key(fixture.Faulty[0]) }
            .Concat(Enumerable.Range(0, 150).Select(i => new PrimaryKey("RICH#none", "NONE#" + i)))
            .ToList();
        var sent = 0;
        var recorder = new AnswerRecorder((_, answer) => Interlocked.Increment(ref sent) == 2 ? Throttling(answer) : answer);
        using var client = HandlerFactory.CreateClient(fixture.ServiceUrl, recorder);
        var table = Table(client, direct, o => o.MaxBatchConcurrency = 1);

        // When
        var error = await Record.ExceptionAsync(() => table.BatchGetAsync(keys, cancellationToken: Cancel));

        // Then the throttling is the answer, as the SDK path (which decodes after every chunk) has always done;
        // without it, the faulty item's own exception
        Assert.IsType<ProvisionedThroughputExceededException>(error);
        var alone = await Record.ExceptionAsync(() => table.BatchGetAsync(keys.Take(1), cancellationToken: Cancel));
        Assert.IsType<EntityMappingException>(alone);
    }

    [Fact]
    public async Task Telemetry_OfABatchGetWithRetries_IsTheSameOnBothPaths()
    {
        // Given DynamoDB Local's answers to a typed batch get of 4 chunks, 2 of them with keys left unprocessed
        await fixture.SeedAsync();
        var keys = DirectReadEquivalenceTests.Spread(fixture.Corpus.Select(DirectReadEquivalenceTests.Key));
        var cut = 0;
        var recorder = new AnswerRecorder((request, answer) => Interlocked.Increment(ref cut) <= 2 ? LeaveHalfUnprocessed(request, answer, fixture.TableName).Answer : answer);
        using (var client = HandlerFactory.CreateClient(fixture.ServiceUrl, recorder))
        {
            await Table(client, direct: false).BatchGetAsync<RichEntity>(keys, consistentRead: true, Cancel);
        }

        // When each path reads them, replayed, with a listener on the package's activities
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SaasUsersTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var shown = new List<string>();
        foreach (var direct in new[] { false, true })
        {
            using var client = HandlerFactory.CreateClient(fixture.ServiceUrl, new AnswerReplayer(recorder.Answers));
            await Table(client, direct).BatchGetAsync<RichEntity>(keys, consistentRead: true, Cancel);
            var activity = Assert.Single(activities, a => (string?)a.GetTagItem("db.collection.name") == fixture.TableName && (string?)a.GetTagItem("db.operation.name") == "BatchGet");
            shown.Add(string.Join(" ", activity.TagObjects.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Key + "=" + t.Value)) + " status=" + activity.Status);
            activities.Clear();
        }

        // Then the activity is the same: operation, entity type, 6 requests, the capacity DynamoDB Local reported, no error
        Assert.Equal(shown[0], shown[1]);
        Assert.Contains("saasusers.request_count=6", shown[1], StringComparison.Ordinal);
        Assert.Contains("saasusers.entity_type=" + RichEntity.Mapper.EntityType, shown[1], StringComparison.Ordinal);
        Assert.Contains("status=Unset", shown[1], StringComparison.Ordinal);
        Assert.DoesNotContain("aws.dynamodb.consumed_capacity=0 ", shown[1], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task CancelledWhileTheFirstChunkIsInFlight_CancelsThatRequest_Throws_AndSendsNoFurtherChunk(bool direct)
    {
        // Given a caller that cancels as soon as the first of three chunks is sent, one chunk at a time
        var keys = Enumerable.Range(0, 250).Select(i => new PrimaryKey("RICH#none", "NONE#" + i)).ToList();
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var handler = new CancelOnFirstRequest(caller);
        using var client = HandlerFactory.CreateClient(fixture.ServiceUrl, handler);

        // When
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Table(client, direct, o => o.MaxBatchConcurrency = 1).BatchGetAsync(keys, cancellationToken: caller.Token));

        // Then the request in flight saw the cancellation, and nothing was sent after it
        Assert.True(handler.RequestCancelled);
        Assert.Equal(1, handler.Sent);
    }

    private static void Limits(SaasUsersTableOptions options, int attempts, int concurrency)
    {
        options.MaxBatchAttempts = attempts;
        options.MaxBatchConcurrency = concurrency;
    }

    private static async Task<string> Read(EntityTable table, List<PrimaryKey> keys, bool typed) =>
        typed
            ? await DirectReadEquivalenceTests.Show(table.BatchGetAsync<RichEntity>(keys, consistentRead: true, Cancel))
            : await DirectReadEquivalenceTests.Show(table.BatchGetAsync(keys, consistentRead: true, Cancel));

    private static List<string> Sorted(IEnumerable<PrimaryKey> keys) => keys.Select(k => k.ToString()).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// DynamoDB's answer to a batch get of <paramref name="tableName"/> when it left the second half of the requested
    /// keys unprocessed: their items taken out of <c>Responses</c>, the keys (as requested, with the request's
    /// <c>ConsistentRead</c>) in <c>UnprocessedKeys</c>. Also returns the keys requested and those left.
    /// </summary>
    private static (RecordedAnswer Answer, List<PrimaryKey> Requested, List<PrimaryKey> Left) LeaveHalfUnprocessed(byte[] request, RecordedAnswer answer, string tableName)
    {
        var requestItems = JsonNode.Parse(request)!["RequestItems"]![tableName]!.AsObject();
        var requested = requestItems["Keys"]!.AsArray().Select(k => k!).ToList();
        if (answer.Status != HttpStatusCode.OK)
        {
            return (answer, [], []);
        }

        var left = requested.Skip((requested.Count + 1) / 2).ToList();
        var leftKeys = left.Select(KeyOf).ToHashSet();
        var body = JsonNode.Parse(answer.Body)!.AsObject();
        var items = body["Responses"]![tableName]!.AsArray();
        foreach (var item in items.Where(i => leftKeys.Contains(KeyOf(i!))).ToList())
        {
            items.Remove(item);
        }

        var unprocessed = new JsonObject { ["Keys"] = new JsonArray(left.Select(k => k.DeepClone()).ToArray()) };
        if (requestItems["ConsistentRead"] is { } consistent)
        {
            unprocessed["ConsistentRead"] = consistent.DeepClone();
        }

        body["UnprocessedKeys"] = new JsonObject { [tableName] = unprocessed };
        return (answer.WithBody(Encoding.UTF8.GetBytes(body.ToJsonString())), requested.Select(KeyOf).ToList(), [.. leftKeys]);

        static PrimaryKey KeyOf(JsonNode item) => new(item["PK"]!["S"]!.GetValue<string>(), item["SK"]!["S"]!.GetValue<string>());
    }

    /// <summary>DynamoDB's throttling answer, in the service's format, in place of <paramref name="answer"/>.</summary>
    private static RecordedAnswer Throttling(RecordedAnswer answer) =>
        new(
            answer.Request,
            HttpStatusCode.BadRequest,
            [("x-amzn-RequestId", [Guid.NewGuid().ToString("N")])],
            [("Content-Type", ["application/x-amz-json-1.0"])],
            Encoding.UTF8.GetBytes("""{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API."}"""));

    private EntityTable Table(IAmazonDynamoDB client, bool direct, Action<SaasUsersTableOptions>? configure = null)
    {
        var options = fixture.CreateOptions();
        options.DirectReads = direct;
        configure?.Invoke(options);
        var table = new EntityTable(client, fixture.Model, options);
        Assert.Equal(direct, table.ReadsDirect);
        return table;
    }

    /// <summary>Sends to DynamoDB Local, counting the requests in flight and holding each until <c>hold</c> are (<see cref="InFlightGate"/>).</summary>
    private sealed class InFlightProbe(int hold) : DelegatingHandler(new SocketsHttpHandler())
    {
        private readonly InFlightGate _gate = new(hold);

        public int MaxInFlight => _gate.MaxInFlight;

        public int Sent => _gate.Sent;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            _gate.PassAsync(_ => base.SendAsync(request, cancellationToken), Cancel);
    }

    /// <summary>
    /// Cancels the caller's token as the first request arrives, then holds that request until its own token is
    /// cancelled (at most 20 s, then it is sent): whether the cancellation reached the request in flight.
    /// </summary>
    private sealed class CancelOnFirstRequest(CancellationTokenSource caller) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _sent;

        public int Sent => Volatile.Read(ref _sent);

        public bool RequestCancelled { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sent);
            await caller.CancelAsync();
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(20), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                RequestCancelled = true;
                throw;
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
