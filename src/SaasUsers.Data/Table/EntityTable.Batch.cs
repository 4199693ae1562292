using System.Runtime.ExceptionServices;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Http;
using SaasUsers.Data.Mapping;
using SaasUsers.Data.Telemetry;

namespace SaasUsers.Data;

public sealed partial class EntityTable
{
    /// <summary>The most keys DynamoDB accepts in one <c>BatchGetItem</c>.</summary>
    internal const int MaxBatchGetKeys = 100;

    /// <summary>The most writes DynamoDB accepts in one <c>BatchWriteItem</c>.</summary>
    internal const int MaxBatchWrites = 25;

    /// <inheritdoc />
    public async Task<IReadOnlyList<object>> BatchGetAsync(IEnumerable<PrimaryKey> keys, bool consistentRead = false, CancellationToken cancellationToken = default)
    {
        if (_direct is { } direct)
        {
            var decoded = await BatchGetDirectAsync(direct, keys, consistentRead, null, count => new AnyItemCollector(_modelTypes, _logger, TableName, count), cancellationToken).ConfigureAwait(false);
            return Merge(decoded, static c => c.Items);
        }

        var chunks = await BatchGetChunksAsync(keys, consistentRead, null, NewItemList, SendBatchGetAsync, cancellationToken).ConfigureAwait(false);
        var results = new List<object>(CountOf(chunks));
        foreach (var items in chunks)
        {
            foreach (var item in items)
            {
                results.Add(Decode(item));
            }
        }

        return results;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<T>> BatchGetAsync<T>(IEnumerable<PrimaryKey> keys, bool consistentRead = false, CancellationToken cancellationToken = default)
        where T : class, IDynamoEntity<T>
    {
        var mapper = T.Mapper;
        if (_direct is { } direct)
        {
            var decoded = await BatchGetDirectAsync(direct, keys, consistentRead, mapper.EntityType, static count => new EntityItemCollector<T>(count), cancellationToken).ConfigureAwait(false);
            return Merge(decoded, static c => c.Items);
        }

        var chunks = await BatchGetChunksAsync(keys, consistentRead, mapper.EntityType, NewItemList, SendBatchGetAsync, cancellationToken).ConfigureAwait(false);
        var results = new List<T>(CountOf(chunks));
        foreach (var items in chunks)
        {
            foreach (var item in items)
            {
                // A key that holds another entity type is "not found", as in GetAsync.
                if (IsOfType(item, mapper.EntityType))
                {
                    results.Add(mapper.FromItem(item));
                }
            }
        }

        return results;
    }

    /// <summary>
    /// Reads the keys in chunks of at most 100 (<see cref="SaasUsersTableOptions.MaxBatchConcurrency"/> at once, each
    /// retrying its own unprocessed keys) and returns what each chunk read, in chunk order; the chunks' items are not
    /// decoded yet on the SDK path, and a refused item is not thrown yet on the direct path, so that on both paths a
    /// failed request or keys left unprocessed are the answer before any item is. <paramref name="newItems"/> makes a
    /// chunk's receiver for its key count; <paramref name="send"/> sends one attempt of a chunk into it and returns the
    /// keys left unprocessed.
    /// </summary>
    /// <exception cref="BatchIncompleteException">Keys were still unprocessed after the attempts (with those of the chunks never sent).</exception>
    private async Task<TItems[]> BatchGetChunksAsync<TItems>(
        IEnumerable<PrimaryKey> keys,
        bool consistentRead,
        string? entityType,
        Func<int, TItems> newItems,
        Func<OperationScope, BatchGetItemRequest, TItems, CancellationToken, Task<List<Dictionary<string, AttributeValue>>?>> send,
        CancellationToken cancellationToken)
        where TItems : class
    {
        ArgumentNullException.ThrowIfNull(keys);
        var distinct = new HashSet<PrimaryKey>();
        var pending = new List<Dictionary<string, AttributeValue>>();
        foreach (var key in keys)
        {
            if (!distinct.Add(key))
            {
                throw new ArgumentException($"The key {key} appears twice; each key may appear once in a batch get.", nameof(keys));
            }

            pending.Add(key.ToAttributes(nameof(keys)));
        }

        if (pending.Count == 0)
        {
            return [];
        }

        using var scope = TableInstrumentation.Start("BatchGet", TableName, entityType);
        var chunks = BatchChunks.Split(pending, MaxBatchGetKeys);

        // Each chunk fills only the receiver in its own slot; they are read after every chunk has settled.
        var read = new TItems[chunks.Count];
        var outcomes = await BatchChunks.RunAsync(
            chunks,
            _batchConcurrency,
            (index, chunk, run) =>
            {
                var items = read[index] = newItems(chunk.Count);
                return GetChunkAsync(chunk, consistentRead, run, request => send(scope, request, items, cancellationToken), cancellationToken);
            },
            cancellationToken).ConfigureAwait(false);

        if (BatchChunks.FirstFailure(outcomes) is { } failure)
        {
            if (failure.Error is { } error)
            {
                // A read has nothing to account for: the error is the answer (SendAsync marked the operation failed).
                ExceptionDispatchInfo.Throw(error);
            }

            // The keys left unprocessed, then those of the chunks never sent, which were not read either.
            throw Incomplete(scope, "BatchGetItem", BatchChunks.Unfinished(chunks, outcomes, ToPrimaryKey), failure.Attempts, null);
        }

        return read;
    }

    /// <summary>Sends one chunk, and again its unprocessed keys, until none is left or it must stop (attempts spent, another chunk failed).</summary>
    private async Task<BatchChunkOutcome<Dictionary<string, AttributeValue>>> GetChunkAsync(
        List<Dictionary<string, AttributeValue>> chunk,
        bool consistentRead,
        BatchRun run,
        Func<BatchGetItemRequest, Task<List<Dictionary<string, AttributeValue>>?>> send,
        CancellationToken cancellationToken)
    {
        var outcome = new BatchChunkOutcome<Dictionary<string, AttributeValue>>();
        for (var attempt = 1; ; attempt++)
        {
            // One request shape for both paths: the direct path writes this very request as JSON.
            var request = new BatchGetItemRequest
            {
                RequestItems = new Dictionary<string, KeysAndAttributes>(StringComparer.Ordinal)
                {
                    [TableName] = new KeysAndAttributes { Keys = chunk, ConsistentRead = consistentRead },
                },
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            };
            List<Dictionary<string, AttributeValue>>? unprocessed;
            try
            {
                unprocessed = await send(request).ConfigureAwait(false);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                return run.Failed(outcome, chunk, attempt, exception);
            }

            if (unprocessed is not { Count: > 0 })
            {
                return outcome;
            }

            chunk = unprocessed;
            if (!await WaitBeforeRetryAsync(run, "BatchGetItem", chunk.Count, attempt, cancellationToken).ConfigureAwait(false))
            {
                return run.Failed(outcome, chunk, attempt, null);
            }
        }
    }

    /// <summary>One attempt of a chunk through the SDK's client: its items as the SDK unmarshalled them, and the keys it left.</summary>
    private async Task<List<Dictionary<string, AttributeValue>>?> SendBatchGetAsync(
        OperationScope scope, BatchGetItemRequest request, List<Dictionary<string, AttributeValue>> items, CancellationToken cancellationToken)
    {
        var response = await SendAsync(scope, "BatchGetItem", () => _client.BatchGetItemAsync(request, cancellationToken), r => Sum(r.ConsumedCapacity), cancellationToken).ConfigureAwait(false);
        if (response.Responses is not null && response.Responses.TryGetValue(TableName, out var answered))
        {
            items.AddRange(answered);
        }

        return response.UnprocessedKeys is not null && response.UnprocessedKeys.TryGetValue(TableName, out var unprocessed) ? unprocessed.Keys : null;
    }

    /// <summary>
    /// A batch get on the direct path: each attempt of a chunk is the same request written as JSON, sent signed, and
    /// its answer's <c>Responses</c> decoded straight into the chunk's collector, its <c>UnprocessedKeys</c> and
    /// consumed capacity read from the same bytes (<see cref="ReadResponse"/>).
    /// </summary>
    private Task<BatchChunkItems<TCollector>[]> BatchGetDirectAsync<TCollector>(
        DirectDynamoDbClient direct, IEnumerable<PrimaryKey> keys, bool consistentRead, string? entityType, Func<int, TCollector> newCollector, CancellationToken cancellationToken)
        where TCollector : JsonItemCollector =>
        BatchGetChunksAsync(
            keys,
            consistentRead,
            entityType,
            count => new BatchChunkItems<TCollector>(newCollector(count)),
            async (scope, request, items, token) =>
                (await SendDirectAsync(direct, scope, "BatchGetItem", ReadRequestJson.BatchGetItem(request), items, token).ConfigureAwait(false)).UnprocessedKeys,
            cancellationToken);

    /// <summary>
    /// The chunks' entities in chunk order, as the SDK path decodes them: the first chunk with a refused item throws
    /// that item's exception.
    /// </summary>
    private static List<TItem> Merge<TCollector, TItem>(BatchChunkItems<TCollector>[] chunks, Func<TCollector, List<TItem>> itemsOf)
        where TCollector : JsonItemCollector
    {
        var count = 0;
        foreach (var chunk in chunks)
        {
            count += itemsOf(chunk.Collector).Count;
        }

        var results = new List<TItem>(count);
        foreach (var chunk in chunks)
        {
            chunk.ThrowIfFailed();
            results.AddRange(itemsOf(chunk.Collector));
        }

        return results;
    }

    private static List<Dictionary<string, AttributeValue>> NewItemList(int count) => new(count);

    private static int CountOf(List<Dictionary<string, AttributeValue>>[] chunks)
    {
        var count = 0;
        foreach (var items in chunks)
        {
            count += items.Count;
        }

        return count;
    }

    /// <inheritdoc />
    public async Task BatchWriteAsync(BatchWriteBuilder batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var writes = batch.Writes;
        if (writes.Count == 0)
        {
            return;
        }

        using var scope = TableInstrumentation.Start("BatchWrite", TableName, null);
        var requests = new List<WriteRequest>(writes.Count);
        foreach (var write in writes)
        {
            requests.Add(write.Request);
        }

        var chunks = BatchChunks.Split(requests, MaxBatchWrites);
        var outcomes = await BatchChunks.RunAsync(chunks, _batchConcurrency, (_, chunk, run) => WriteChunkAsync(scope, chunk, run, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (BatchChunks.FirstFailure(outcomes) is not { } failure)
        {
            return;
        }

        var acknowledged = 0;
        foreach (var outcome in outcomes)
        {
            acknowledged += outcome?.Acknowledged ?? 0;
        }

        if (failure.Error is { } error && acknowledged == 0)
        {
            // Nothing was written: the error is the answer, as for a single write (SendAsync marked the operation failed).
            ExceptionDispatchInfo.Throw(error);
        }

        // Part of the batch may be written: rather than lose track of which part, name every write that was not
        // acknowledged (those left unprocessed, those of a request whose outcome is unknown, those never sent).
        throw Incomplete(scope, "BatchWriteItem", BatchChunks.Unfinished(chunks, outcomes, WriteKey), failure.Attempts, failure.Error);
    }

    private async Task<BatchChunkOutcome<WriteRequest>> WriteChunkAsync(OperationScope scope, List<WriteRequest> chunk, BatchRun run, CancellationToken cancellationToken)
    {
        var outcome = new BatchChunkOutcome<WriteRequest>();
        for (var attempt = 1; ; attempt++)
        {
            var request = new BatchWriteItemRequest
            {
                RequestItems = new Dictionary<string, List<WriteRequest>>(StringComparer.Ordinal) { [TableName] = chunk },
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            };
            BatchWriteItemResponse response;
            try
            {
                response = await SendAsync(scope, "BatchWriteItem", () => _client.BatchWriteItemAsync(request, cancellationToken), r => Sum(r.ConsumedCapacity), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                return run.Failed(outcome, chunk, attempt, exception);
            }

            var left = response.UnprocessedItems is not null && response.UnprocessedItems.TryGetValue(TableName, out var unprocessed) ? unprocessed : null;
            outcome.Acknowledged += chunk.Count - (left?.Count ?? 0);
            if (left is not { Count: > 0 })
            {
                return outcome;
            }

            chunk = left;
            if (!await WaitBeforeRetryAsync(run, "BatchWriteItem", chunk.Count, attempt, cancellationToken).ConfigureAwait(false))
            {
                return run.Failed(outcome, chunk, attempt, null);
            }
        }
    }

    /// <summary>
    /// Waits before a chunk sends its unprocessed items again; false when it must not: its attempts are spent, or
    /// another chunk of the call has failed (the call is ending, so what is left is reported instead).
    /// </summary>
    private async Task<bool> WaitBeforeRetryAsync(BatchRun run, string operation, int count, int attempt, CancellationToken cancellationToken)
    {
        if (attempt >= _options.MaxBatchAttempts || run.IsStopping)
        {
            return false;
        }

        var delay = RetryDelay.Compute(attempt);
        Log.BatchItemsUnprocessed(_logger, operation, TableName, count, attempt, _options.MaxBatchAttempts, (long)delay.TotalMilliseconds);
        await Task.Delay(delay, RetryDelay.Clock, cancellationToken).ConfigureAwait(false);
        return !run.IsStopping;
    }

    private static BatchIncompleteException Incomplete(OperationScope scope, string operation, PrimaryKey[] keys, int attempts, Exception? innerException)
    {
        var incomplete = new BatchIncompleteException(operation, keys, attempts, innerException);
        scope.Fail(incomplete);
        return incomplete;
    }

    private static PrimaryKey WriteKey(WriteRequest request) =>
        ToPrimaryKey(request.PutRequest?.Item ?? request.DeleteRequest?.Key ?? []);

    private static PrimaryKey ToPrimaryKey(Dictionary<string, AttributeValue> item) =>
        new(item.TryGetValue(ItemAttributeNames.PartitionKey, out var pk) ? pk.S ?? string.Empty : string.Empty,
            item.TryGetValue(ItemAttributeNames.SortKey, out var sk) ? sk.S ?? string.Empty : string.Empty);

    private static ConsumedCapacity? Sum(List<ConsumedCapacity>? capacities)
    {
        if (capacities is null || capacities.Count == 0)
        {
            return null;
        }

        double units = 0;
        foreach (var capacity in capacities)
        {
            units += capacity.CapacityUnits ?? 0;
        }

        return new ConsumedCapacity { CapacityUnits = units };
    }
}
