using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data;

/// <summary>The <see cref="IDailyStatsRepository"/> on the table.</summary>
public sealed class DailyStatsRepository : IDailyStatsRepository
{
    private const int ScanSegments = 4;

    private readonly IEntityTable _table;
    private readonly IAmazonDynamoDB _client;

    /// <summary>Creates the repository.</summary>
    /// <param name="table">The table.</param>
    /// <param name="client">The DynamoDB client (for the rebuild's scan and writes).</param>
    public DailyStatsRepository(IEntityTable table, IAmazonDynamoDB client)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _client = client ?? throw new ArgumentNullException(nameof(client));
    }

    private static string PartitionKey => DailyStatsItem.PartitionKey(DailyStatsItem.GlobalScope);

    /// <inheritdoc />
    public async Task<IReadOnlyList<DailyStats>> GetRangeAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, $"'to' ({to:yyyy-MM-dd}) must not be before 'from' ({from:yyyy-MM-dd}).");
        }

        if (to.DayNumber - from.DayNumber + 1 > IDailyStatsRepository.MaxDays)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, $"A range reads at most {IDailyStatsRepository.MaxDays} days.");
        }

        var days = new SortedDictionary<DateOnly, Dictionary<string, long>>();
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        var query = new ItemQuery(PartitionKey)
        {
            SortKey = SortKeyCondition.GreaterThanOrEqual(DailyStatsItem.DayFrom(from)),
            PageSize = ItemQuery.MaxPageSize,
            ConsistentRead = true,
        };
        await foreach (var found in _table.QueryAllAsync(query, cancellationToken).ConfigureAwait(false))
        {
            if (found is not UnknownItem { EntityType: DailyStatsItem.EntityType } item)
            {
                continue;
            }

            var sortKey = item.Item[ItemAttributeNames.SortKey].S;
            if (DailyStatsItem.TryParseDay(sortKey, out var day))
            {
                Sum(days.TryGetValue(day, out var counters) ? counters : days[day] = new(StringComparer.Ordinal), item.Item);
            }
            else if (sortKey.StartsWith(DailyStatsItem.TotalPrefix, StringComparison.Ordinal))
            {
                Sum(totals, item.Item);
            }
        }

        // Levels at the end of 'to': the totals less what the days after it added; then back one day at a time.
        var levels = new Dictionary<string, long>(totals, StringComparer.Ordinal);
        foreach (var (day, counters) in days.Where(d => d.Key > to))
        {
            AddGauges(levels, counters, -1);
        }

        var result = new DailyStats[to.DayNumber - from.DayNumber + 1];
        for (var day = to; day >= from; day = day.AddDays(-1))
        {
            var counters = days.GetValueOrDefault(day) ?? new Dictionary<string, long>(StringComparer.Ordinal);
            result[day.DayNumber - from.DayNumber] = ToStats(day, counters, levels);
            AddGauges(levels, counters, -1);
        }

        return result;
    }

    /// <inheritdoc />
    public async Task<DailyStatsRebuildResult> RebuildAsync(CancellationToken cancellationToken = default)
    {
        // 1. What the table holds, and the deleted-user counts the table cannot show.
        var contributions = new List<StatsContribution>();
        var scanned = await ScanAsync(contributions, cancellationToken).ConfigureAwait(false);
        var existing = new List<UnknownItem>();
        await foreach (var found in _table.QueryAllAsync(new ItemQuery(PartitionKey) { PageSize = ItemQuery.MaxPageSize, ConsistentRead = true }, cancellationToken).ConfigureAwait(false))
        {
            if (found is UnknownItem { EntityType: DailyStatsItem.EntityType } item)
            {
                existing.Add(item);
                if (DailyStatsItem.TryParseDay(item.Item[ItemAttributeNames.SortKey].S, out var day)
                    && item.Item.TryGetValue(StatsCounter.DeletedUsers, out var deleted) && deleted.N is { } n)
                {
                    contributions.Add(new(day, StatsCounter.DeletedUsers, long.Parse(n, CultureInfo.InvariantCulture)));
                }
            }
        }

        // 2. Replace the items: old ones out, new ones (shard 0, no watermarks) in.
        var delete = new BatchWriteBuilder();
        foreach (var item in existing)
        {
            delete.Delete(new PrimaryKey(PartitionKey, item.Item[ItemAttributeNames.SortKey].S));
        }

        if (delete.Count > 0)
        {
            await _table.BatchWriteAsync(delete, cancellationToken).ConfigureAwait(false);
        }

        var items = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        foreach (var contribution in contributions)
        {
            Increment(items, DailyStatsItem.DaySortKey(contribution.Day, 0), contribution);
            if (StatsCounter.IsGauge(contribution.Counter))
            {
                Increment(items, DailyStatsItem.TotalSortKey(0), contribution);
            }
        }

        // The table's batch write: 25 items a request, unprocessed items retried, BatchIncompleteException naming the rest.
        var batch = new BatchWriteBuilder();
        foreach (var (sortKey, counters) in items)
        {
            batch.PutItem(ToItem(sortKey, counters));
        }

        await _table.BatchWriteAsync(batch, cancellationToken).ConfigureAwait(false);

        return new DailyStatsRebuildResult(scanned, existing.Count, items.Count);
    }

    private async Task<long> ScanAsync(List<StatsContribution> contributions, CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(Enumerable.Range(0, ScanSegments).Select(async segment =>
        {
            var found = new List<StatsContribution>();
            long count = 0;
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var response = await _client.ScanAsync(new ScanRequest
                {
                    TableName = _table.TableName,
                    Segment = segment,
                    TotalSegments = ScanSegments,
                    ExclusiveStartKey = start,
                    ConsistentRead = true,
                }, cancellationToken).ConfigureAwait(false);
                foreach (var item in response.Items ?? [])
                {
                    count++;
                    if (item.TryGetValue(ItemAttributeNames.EntityType, out var type) && type.S is { } name && _table.Model.TryGetMapper(name, out var mapper))
                    {
                        found.AddRange(DailyStatsCalculator.OfStoredEntity(mapper.FromItemAsObject(item)));
                    }
                }

                start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
            }
            while (start is not null);

            return (found, count);
        })).ConfigureAwait(false);

        foreach (var (found, _) in results)
        {
            contributions.AddRange(found);
        }

        return results.Sum(r => r.count);
    }

    private static Dictionary<string, AttributeValue> ToItem(string sortKey, Dictionary<string, long> counters)
    {
        var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            [ItemAttributeNames.PartitionKey] = new() { S = PartitionKey },
            [ItemAttributeNames.SortKey] = new() { S = sortKey },
            [ItemAttributeNames.EntityType] = new() { S = DailyStatsItem.EntityType },
        };
        foreach (var (name, value) in counters)
        {
            item[name] = new() { N = value.ToString(CultureInfo.InvariantCulture) };
        }

        return item;
    }

    private static void Increment(Dictionary<string, Dictionary<string, long>> items, string sortKey, StatsContribution contribution)
    {
        if (!items.TryGetValue(sortKey, out var counters))
        {
            items[sortKey] = counters = new(StringComparer.Ordinal);
        }

        counters[contribution.Counter] = counters.GetValueOrDefault(contribution.Counter) + contribution.Delta;
    }

    private static void Sum(Dictionary<string, long> into, Dictionary<string, AttributeValue> item)
    {
        foreach (var (name, value) in item)
        {
            if (value.N is { } number && !name.StartsWith(DailyStatsItem.WatermarkPrefix, StringComparison.Ordinal))
            {
                into[name] = into.GetValueOrDefault(name) + long.Parse(number, CultureInfo.InvariantCulture);
            }
        }
    }

    private static void AddGauges(Dictionary<string, long> levels, Dictionary<string, long> counters, int sign)
    {
        foreach (var (name, value) in counters)
        {
            if (StatsCounter.IsGauge(name))
            {
                levels[name] = levels.GetValueOrDefault(name) + (sign * value);
            }
        }
    }

    private static DailyStats ToStats(DateOnly day, Dictionary<string, long> counters, Dictionary<string, long> levels)
    {
        var subscriptions = new List<SubscriptionCount>();
        var mrr = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, value) in levels)
        {
            if (value == 0)
            {
                continue;
            }

            if (name.StartsWith(StatsCounter.MrrPrefix, StringComparison.Ordinal))
            {
                mrr[name[StatsCounter.MrrPrefix.Length..]] = value;
            }
            else if (name.StartsWith(StatsCounter.SubscriptionsPrefix, StringComparison.Ordinal))
            {
                var rest = name[StatsCounter.SubscriptionsPrefix.Length..];
                var slash = rest.LastIndexOf('/');
                if (slash > 0 && Enum.TryParse<SubscriptionStatus>(rest[(slash + 1)..], out var status))
                {
                    subscriptions.Add(new SubscriptionCount(rest[..slash], status, value));
                }
            }
        }

        return new DailyStats
        {
            Date = day,
            SignUps = counters.GetValueOrDefault(StatsCounter.SignUps),
            DeletedUsers = counters.GetValueOrDefault(StatsCounter.DeletedUsers),
            Payments = counters.GetValueOrDefault(StatsCounter.Payments),
            Cancellations = counters.GetValueOrDefault(StatsCounter.Cancellations),
            Revenue = counters
                .Where(c => c.Key.StartsWith(StatsCounter.RevenuePrefix, StringComparison.Ordinal) && c.Value != 0)
                .ToDictionary(c => c.Key[StatsCounter.RevenuePrefix.Length..], c => c.Value, StringComparer.Ordinal),
            Subscriptions = subscriptions.OrderBy(s => s.PlanId, StringComparer.Ordinal).ThenBy(s => s.Status).ToArray(),
            MonthlyRecurringRevenue = mrr,
        };
    }
}
