using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Repositories;
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
        ArgumentNullException.ThrowIfNull(keys);
        var distinct = new HashSet<PrimaryKey>();
        var pending = new List<Dictionary<string, AttributeValue>>();
        foreach (var key in keys)
        {
            if (!distinct.Add(key))
            {
                throw new ArgumentException($"The key {key} appears twice; each key may appear once in a batch get.", nameof(keys));
            }

            pending.Add(KeyAttributes(key, nameof(keys)));
        }

        var results = new List<object>(pending.Count);
        if (pending.Count == 0)
        {
            return results;
        }

        using var scope = TableInstrumentation.Start("BatchGet", TableName, null);
        for (var offset = 0; offset < pending.Count; offset += MaxBatchGetKeys)
        {
            var chunk = pending.GetRange(offset, Math.Min(MaxBatchGetKeys, pending.Count - offset));
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
                var response = await SendAsync(scope, "BatchGetItem", c => c.BatchGetItemAsync(request, cancellationToken), r => Sum(r.ConsumedCapacity)).ConfigureAwait(false);
                if (response.Responses is not null && response.Responses.TryGetValue(TableName, out var items))
                {
                    foreach (var item in items)
                    {
                        results.Add(Decode(item));
                    }
                }

                if (response.UnprocessedKeys is null || !response.UnprocessedKeys.TryGetValue(TableName, out var unprocessed) || unprocessed.Keys is not { Count: > 0 })
                {
                    break;
                }

                chunk = unprocessed.Keys;
                await WaitBeforeRetryAsync("BatchGetItem", chunk.Count, attempt, chunk.Select(ToPrimaryKey), scope, cancellationToken).ConfigureAwait(false);
            }
        }

        return results;
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
        for (var offset = 0; offset < writes.Count; offset += MaxBatchWrites)
        {
            var chunk = new List<WriteRequest>(MaxBatchWrites);
            for (var i = offset; i < Math.Min(writes.Count, offset + MaxBatchWrites); i++)
            {
                chunk.Add(writes[i].Request);
            }

            for (var attempt = 1; ; attempt++)
            {
                var request = new BatchWriteItemRequest
                {
                    RequestItems = new Dictionary<string, List<WriteRequest>>(StringComparer.Ordinal) { [TableName] = chunk },
                    ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
                };
                var response = await SendAsync(scope, "BatchWriteItem", c => c.BatchWriteItemAsync(request, cancellationToken), r => Sum(r.ConsumedCapacity)).ConfigureAwait(false);
                if (response.UnprocessedItems is null || !response.UnprocessedItems.TryGetValue(TableName, out var unprocessed) || unprocessed.Count == 0)
                {
                    break;
                }

                chunk = unprocessed;
                await WaitBeforeRetryAsync("BatchWriteItem", chunk.Count, attempt, chunk.Select(WriteKey), scope, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task WaitBeforeRetryAsync(string operation, int count, int attempt, IEnumerable<PrimaryKey> keys, OperationScope scope, CancellationToken cancellationToken)
    {
        if (attempt >= _options.MaxBatchAttempts)
        {
            var incomplete = new BatchIncompleteException(operation, keys.ToArray(), attempt);
            scope.Fail(incomplete);
            throw incomplete;
        }

        var delay = RetryDelay.Compute(attempt);
        Log.BatchItemsUnprocessed(_logger, operation, TableName, count, attempt, _options.MaxBatchAttempts, (long)delay.TotalMilliseconds);
        await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
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

        return new ConsumedCapacity { CapacityUnits = capacities.Sum(c => c.CapacityUnits ?? 0) };
    }
}
