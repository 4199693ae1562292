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
        if (_direct is not null)
        {
            var collector = new AnyItemCollector(_modelTypes, _logger, TableName, 0);
            await BatchGetItemsAsync(keys, consistentRead, null, collector, cancellationToken).ConfigureAwait(false);
            return collector.Items;
        }

        var items = await BatchGetItemsAsync(keys, consistentRead, null, null, cancellationToken).ConfigureAwait(false);
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
        if (_direct is not null)
        {
            var collector = new EntityItemCollector<T>(0);
            await BatchGetItemsAsync(keys, consistentRead, mapper.EntityType, collector, cancellationToken).ConfigureAwait(false);
            return collector.Items;
        }

        var items = await BatchGetItemsAsync(keys, consistentRead, mapper.EntityType, null, cancellationToken).ConfigureAwait(false);
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

    // With a collector (the direct read path), items go to it as they are read and the list returned is empty.
    private async Task<List<Dictionary<string, AttributeValue>>> BatchGetItemsAsync(IEnumerable<PrimaryKey> keys, bool consistentRead, string? entityType, JsonItemCollector? collector, CancellationToken cancellationToken)
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

        var results = new List<Dictionary<string, AttributeValue>>(pending.Count);
        if (pending.Count == 0)
        {
            return results;
        }

        using var scope = TableInstrumentation.Start("BatchGet", TableName, entityType);
        for (var offset = 0; offset < pending.Count; offset += MaxBatchGetKeys)
        {
            var end = Math.Min(pending.Count, offset + MaxBatchGetKeys);
            var chunk = pending.GetRange(offset, end - offset);
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
                List<Dictionary<string, AttributeValue>>? unprocessed;
                if (_direct is { } direct && collector is not null)
                {
                    var answer = await SendDirectAsync(direct, scope, "BatchGetItem", ReadRequestJson.BatchGetItem(request), collector, cancellationToken).ConfigureAwait(false);
                    unprocessed = answer.UnprocessedKeys;
                }
                else
                {
                    var response = await SendAsync(scope, "BatchGetItem", () => _client.BatchGetItemAsync(request, cancellationToken), r => Sum(r.ConsumedCapacity), cancellationToken).ConfigureAwait(false);
                    if (response.Responses is not null && response.Responses.TryGetValue(TableName, out var items))
                    {
                        results.AddRange(items);
                    }

                    unprocessed = response.UnprocessedKeys is not null && response.UnprocessedKeys.TryGetValue(TableName, out var leftKeys) ? leftKeys.Keys : null;
                }

                if (unprocessed is not { Count: > 0 })
                {
                    break;
                }

                chunk = unprocessed;
                // Past the limit, the keys of the chunks not sent yet were not read either: name them too.
                var left = chunk.Select(ToPrimaryKey).Concat(pending.Skip(end).Select(ToPrimaryKey));
                await WaitBeforeRetryAsync("BatchGetItem", chunk.Count, attempt, left, scope, cancellationToken).ConfigureAwait(false);
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
        var acknowledged = 0;
        for (var offset = 0; offset < writes.Count; offset += MaxBatchWrites)
        {
            var end = Math.Min(writes.Count, offset + MaxBatchWrites);
            var chunk = new List<WriteRequest>(MaxBatchWrites);
            for (var i = offset; i < end; i++)
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
                BatchWriteItemResponse response;
                try
                {
                    response = await SendAsync(scope, "BatchWriteItem", () => _client.BatchWriteItemAsync(request, cancellationToken), r => Sum(r.ConsumedCapacity), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (acknowledged > 0 && !cancellationToken.IsCancellationRequested)
                {
                    // Part of the batch is written: rather than lose track of which part, name every write that was not
                    // acknowledged (this request's, whose outcome is unknown, and those of the chunks not sent yet).
                    var incomplete = new BatchIncompleteException("BatchWriteItem", Unacknowledged(chunk, writes, end), attempt, exception);
                    scope.Fail(incomplete);
                    throw incomplete;
                }

                var left = response.UnprocessedItems is not null && response.UnprocessedItems.TryGetValue(TableName, out var unprocessed) ? unprocessed : null;
                acknowledged += chunk.Count - (left?.Count ?? 0);
                if (left is not { Count: > 0 })
                {
                    break;
                }

                chunk = left;
                await WaitBeforeRetryAsync("BatchWriteItem", chunk.Count, attempt, Unacknowledged(chunk, writes, end), scope, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // The writes of a batch not acknowledged yet: those still pending in the current chunk, then every later one.
    private static PrimaryKey[] Unacknowledged(List<WriteRequest> chunk, IReadOnlyList<BatchWriteEntry> writes, int end) =>
        chunk.Select(WriteKey).Concat(writes.Skip(end).Select(w => w.Key)).ToArray();

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
        await Task.Delay(delay, RetryDelay.Clock, cancellationToken).ConfigureAwait(false);
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
