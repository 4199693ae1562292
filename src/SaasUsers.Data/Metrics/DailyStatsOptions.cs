using System.ComponentModel.DataAnnotations;

namespace SaasUsers.Data;

/// <summary>Options of the daily stats (<c>AddSaasUsersDailyStats</c>); validated at start-up.</summary>
public sealed class DailyStatsOptions
{
    /// <summary>
    /// Over how many items each day's counters (and the running totals) are spread. Each stream shard writes to
    /// one of them, so no single item takes the writes of the whole table; reads sum them. Defaults to 16.
    /// Changing it later is safe: reads sum whatever shards exist.
    /// </summary>
    [Range(1, 100)]
    public int ShardCount { get; set; } = 16;
}
