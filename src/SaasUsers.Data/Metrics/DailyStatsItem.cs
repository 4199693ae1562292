using System.Globalization;

namespace SaasUsers.Data;

/// <summary>
/// The layout of the daily stats items: partition <c>STATS#{scope}</c> (scope <c>ALL</c>, the whole SaaS; an
/// organization's own stats can take <c>STATS#ORG#{id}</c> later), sort keys <c>DAY#{yyyy-MM-dd}#{shard}</c> for a
/// day's counters and <c>TOTAL#{shard}</c> for the running levels. Counters are top-level number attributes
/// (<c>signups</c>, <c>revenue/EUR</c>, <c>subs/pro/Active</c>, ...); <c>w:{stream shard}</c> attributes hold the
/// last stream sequence number applied to the item from that stream shard.
/// </summary>
internal static class DailyStatsItem
{
    public const string EntityType = "DailyStats";
    public const string GlobalScope = "ALL";
    public const string DayPrefix = "DAY#";
    public const string TotalPrefix = "TOTAL#";
    public const string WatermarkPrefix = "w:";

    public static string PartitionKey(string scope) => "STATS#" + scope;

    public static string DaySortKey(DateOnly day, int shard) =>
        DayPrefix + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "#" + shard.ToString("D2", CultureInfo.InvariantCulture);

    public static string DayFrom(DateOnly day) => DayPrefix + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string TotalSortKey(int shard) => TotalPrefix + shard.ToString("D2", CultureInfo.InvariantCulture);

    public static bool TryParseDay(string sortKey, out DateOnly day)
    {
        day = default;
        return sortKey.StartsWith(DayPrefix, StringComparison.Ordinal)
            && sortKey.Length >= DayPrefix.Length + 10
            && DateOnly.TryParseExact(sortKey.AsSpan(DayPrefix.Length, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }

    /// <summary>Sequence numbers of one shard compare as numbers; padded to 40 digits (their longest) they compare as strings.</summary>
    public static string Watermark(string sequenceNumber) => sequenceNumber.PadLeft(40, '0');

    /// <summary>A stable shard for a stream shard (FNV-1a; string hash codes differ between processes).</summary>
    public static int ShardOf(string streamShardId, int shardCount)
    {
        var hash = 2166136261u;
        foreach (var c in streamShardId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)shardCount);
    }
}
