using System.Runtime.ExceptionServices;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
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
        var items = await BatchGetItemsAsync(keys, consistentRead, null, cancellationToken).ConfigureAwait(false);
        var results = new List<object>(items.Count);
        foreach (var item in items)
        {
            results.Add(Decode(item));
        }

        return results;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<T>> BatchGetAsync<T>(IEnumerable<PrimaryKey> keys, bool consistentRead = false, CancellationToken cancellationToken = default)
        where T : class, IDynamoEntity<T>
    {
        var mapper = T.Mapper;
        var items = await BatchGetItemsAsync(keys, consistentRead, mapper.EntityType, cancellationToken).ConfigureAwait(false);
        var results = new List<T>(items.Count);
        foreach (var item in items)
        {
            // A key that holds another entity type is "not found", as in GetAsync.
            if (IsOfType(item, mapper.EntityType))
            {
                results.Add(mapper.FromItem(item));
            }
        }

        return results;
    }

    private async Task<List<Dictionary<string, AttributeValue>>> BatchGetItemsAsync(IEnumerable<PrimaryKey> keys, bool consistentRead, string? entityType, CancellationToken cancellationToken)
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
        var outcomes = await BatchChunks.RunAsync(chunks, _batchConcurrency, (chunk, run) => GetChunkAsync(scope, chunk, consistentRead, run, cancellationToken), cancellationToken).ConfigureAwait(false);

        // Merged after every chunk has settled, in chunk order: each chunk wrote only its own outcome.
        var results = new List<Dictionary<string, AttributeValue>>(pending.Count);
        foreach (var outcome in outcomes)
        {
            if (outcome is not null)
            {
                results.AddRange(outcome.Items);
            }
        }

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

        return results;
    }

    private async Task<BatchChunkOutcome<Dictionary<string, AttributeValue>>> GetChunkAsync(
        OperationScope scope, List<Dictionary<string, AttributeValue>> chunk, bool consistentRead, BatchRun run, CancellationToken cancellationToken)
    {
        var outcome = new BatchChunkOutcome<Dictionary<string, AttributeValue>>();
        for (var attempt = 1; ; attempt++)
        {
            var request = new BatchGetItemRequest
            {
                RequestItems = new Dictionary<string, KeysAndAttributes>(StringComparer.Ordinal)
                {
                    [TableName] = new KeysAndAttributes { Keys = chunk, ConsistentRead = consistentRead },
                },
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            };
            BatchGetItemResponse response;
            try
            {
                response = await SendAsync(scope, "BatchGetItem", () => _client.BatchGetItemAsync(request, cancellationToken), r => Sum(r.ConsumedCapacity), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                return run.Failed(outcome, chunk, attempt, exception);
            }

            if (response.Responses is not null && response.Responses.TryGetValue(TableName, out var items))
            {
                outcome.Items.AddRange(items);
            }

            if (response.UnprocessedKeys is null || !response.UnprocessedKeys.TryGetValue(TableName, out var unprocessed) || unprocessed.Keys is not { Count: > 0 })
            {
                return outcome;
            }

            chunk = unprocessed.Keys;
            if (!await WaitBeforeRetryAsync(run, "BatchGetItem", chunk.Count, attempt, cancellationToken).ConfigureAwait(false))
            {
                return run.Failed(outcome, chunk, attempt, null);
            }
        }
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
        var outcomes = await BatchChunks.RunAsync(chunks, _batchConcurrency, (chunk, run) => WriteChunkAsync(scope, chunk, run, cancellationToken), cancellationToken).ConfigureAwait(false);
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
