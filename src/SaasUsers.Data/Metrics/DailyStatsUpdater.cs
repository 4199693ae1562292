using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;

namespace SaasUsers.Data;

/// <summary>
/// The change handler that keeps the daily stats: per batch, one atomic <c>UpdateItem</c> (<c>ADD</c>) per stats
/// item touched, which also records the batch's last sequence number for the batch's stream shard and applies only
/// when the item has not seen it. Redelivered records therefore change no counter, and a batch re-read in other
/// boundaries after a crash applies exactly the records the item lacks.
/// </summary>
public sealed class DailyStatsUpdater : ITableChangeHandler
{
    private readonly IAmazonDynamoDB _client;
    private readonly string _tableName;
    private readonly int _shardCount;

    /// <summary>Creates the handler.</summary>
    /// <param name="client">The DynamoDB client.</param>
    /// <param name="table">The table the stats are kept in.</param>
    /// <param name="options">The stats options.</param>
    public DailyStatsUpdater(IAmazonDynamoDB client, IEntityTable table, IOptions<DailyStatsOptions> options)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _tableName = (table ?? throw new ArgumentNullException(nameof(table))).TableName;
        _shardCount = (options ?? throw new ArgumentNullException(nameof(options))).Value.ShardCount;
    }

    /// <inheritdoc />
    public async Task HandleAsync(TableChangeBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var shard = DailyStatsItem.ShardOf(batch.ShardId, _shardCount);
        var byItem = new Dictionary<string, List<(string Watermark, StatsContribution Contribution)>>(StringComparer.Ordinal);
        foreach (var change in batch.Changes)
        {
            var watermark = DailyStatsItem.Watermark(change.SequenceNumber);
            foreach (var contribution in DailyStatsCalculator.Of(change))
            {
                Add(byItem, DailyStatsItem.DaySortKey(contribution.Day, shard), watermark, contribution);
                if (StatsCounter.IsGauge(contribution.Counter))
                {
                    Add(byItem, DailyStatsItem.TotalSortKey(shard), watermark, contribution);
                }
            }
        }

        var watermarkName = DailyStatsItem.WatermarkPrefix + batch.ShardId;
        await Task.WhenAll(byItem.Select(p => ApplyAsync(p.Key, watermarkName, p.Value, cancellationToken))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Drops the finished shard's mark from its running-total item (<c>TOTAL#{n}</c>), which would otherwise gain one
    /// mark per stream shard for ever (DynamoDB rolls shards about every four hours). The marks on day items stay: a
    /// day item only gathers the marks of the shards that wrote on that day.
    /// </remarks>
    public async Task ShardFinishedAsync(string streamArn, string shardId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shardId);
        var request = new UpdateItemRequest
        {
            TableName = _tableName,
            Key = new PrimaryKey(DailyStatsItem.PartitionKey(DailyStatsItem.GlobalScope), DailyStatsItem.TotalSortKey(DailyStatsItem.ShardOf(shardId, _shardCount))).ToAttributes(),
            UpdateExpression = "REMOVE #w",
            ConditionExpression = "attribute_exists(#w)",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#w"] = DailyStatsItem.WatermarkPrefix + shardId },
        };
        try
        {
            await _client.UpdateItemAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            // The shard changed no running total: nothing to drop.
        }
    }

    private async Task ApplyAsync(string sortKey, string watermarkName, List<(string Watermark, StatsContribution Contribution)> entries, CancellationToken cancellationToken)
    {
        while (entries.Count > 0)
        {
            var sums = entries
                .GroupBy(e => e.Contribution.Counter, StringComparer.Ordinal)
                .Select(g => (Counter: g.Key, Delta: g.Sum(e => e.Contribution.Delta)))
                .Where(s => s.Delta != 0)
                .ToArray();
            var names = new Dictionary<string, string> { ["#t"] = ItemAttributeNames.EntityType, ["#w"] = watermarkName };
            var values = new Dictionary<string, AttributeValue>
            {
                [":t"] = new() { S = DailyStatsItem.EntityType },
                [":w"] = new() { S = entries[^1].Watermark },
                [":first"] = new() { S = entries[0].Watermark },
            };
            var adds = new List<string>();
            for (var i = 0; i < sums.Length; i++)
            {
                names["#c" + i] = sums[i].Counter;
                values[":c" + i] = new() { N = sums[i].Delta.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                adds.Add($"#c{i} :c{i}");
            }

            var request = new UpdateItemRequest
            {
                TableName = _tableName,
                Key = new PrimaryKey(DailyStatsItem.PartitionKey(DailyStatsItem.GlobalScope), sortKey).ToAttributes(),
                UpdateExpression = "SET #t = :t, #w = :w" + (adds.Count > 0 ? " ADD " + string.Join(", ", adds) : string.Empty),
                ConditionExpression = "attribute_not_exists(#w) OR #w < :first",
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
                ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
            };

            try
            {
                await _client.UpdateItemAsync(request, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ConditionalCheckFailedException exception)
            {
                // Some of these records were applied before (a redelivery): apply only those after the item's mark.
                var applied = exception.Item is { } stored && stored.TryGetValue(watermarkName, out var mark) ? mark.S : null;
                if (applied is null)
                {
                    throw;
                }

                entries = entries.Where(e => string.CompareOrdinal(e.Watermark, applied) > 0).ToList();
            }
        }
    }

    private static void Add(Dictionary<string, List<(string, StatsContribution)>> byItem, string sortKey, string watermark, StatsContribution contribution)
    {
        if (!byItem.TryGetValue(sortKey, out var list))
        {
            byItem[sortKey] = list = [];
        }

        list.Add((watermark, contribution));
    }
}
