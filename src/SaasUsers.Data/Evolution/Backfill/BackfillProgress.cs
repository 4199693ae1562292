namespace SaasUsers.Data;

/// <summary>How far a backfill is, reported while it runs (and once at the end).</summary>
/// <param name="ItemsScanned">Items read by the scan (every item of the table, whatever its type).</param>
/// <param name="ItemsMatched">Scanned items of the included entity types.</param>
/// <param name="ItemsRewritten">Items rewritten (in a dry run: that would be rewritten).</param>
/// <param name="ItemsUnchanged">Items already as the current model stores them.</param>
/// <param name="ItemsFailed">Items that could not be rewritten (see <see cref="BackfillResult.Failures"/>).</param>
/// <param name="SegmentsDone">Segments finished.</param>
/// <param name="TotalSegments">Segments in all.</param>
/// <param name="Elapsed">Time since this run started (a resumed run counts from its restart).</param>
/// <param name="ItemsPerSecond">Items scanned a second by this run.</param>
/// <param name="EstimatedTotalItems">The table's item count as DynamoDB reports it (approximate), if known.</param>
/// <param name="EstimatedRemaining">The time left at the current rate, if the item count is known.</param>
public sealed record BackfillProgress(
    long ItemsScanned,
    long ItemsMatched,
    long ItemsRewritten,
    long ItemsUnchanged,
    long ItemsFailed,
    int SegmentsDone,
    int TotalSegments,
    TimeSpan Elapsed,
    double ItemsPerSecond,
    long? EstimatedTotalItems,
    TimeSpan? EstimatedRemaining);

/// <summary>One item a backfill could not rewrite.</summary>
/// <param name="Key">The item's key.</param>
/// <param name="EntityType">Its entity type.</param>
/// <param name="Error">Why, in words.</param>
public sealed record BackfillFailure(PrimaryKey Key, string EntityType, string Error);

/// <summary>What a backfill did.</summary>
/// <param name="RunName">The run's name.</param>
/// <param name="DryRun">Whether it was a dry run (nothing written).</param>
/// <param name="Resumed">Whether it continued an earlier, stopped run of the same name.</param>
/// <param name="Progress">The final counts (including those of the earlier, stopped runs it resumed).</param>
/// <param name="Failures">The items that could not be rewritten (at most 100 are listed; <see cref="BackfillProgress.ItemsFailed"/> counts all).</param>
public sealed record BackfillResult(string RunName, bool DryRun, bool Resumed, BackfillProgress Progress, IReadOnlyList<BackfillFailure> Failures);
