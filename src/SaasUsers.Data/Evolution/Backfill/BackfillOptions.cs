namespace SaasUsers.Data;

/// <summary>How a backfill runs.</summary>
public sealed record BackfillOptions
{
    /// <summary>The most segments a backfill scans in parallel.</summary>
    public const int MaxSegments = 64;

    /// <summary>
    /// The run's name: its checkpoints are stored under it, so running again with the same name resumes a stopped
    /// run (and does nothing for a finished one). 1 to 100 characters. Defaults to <c>backfill</c>.
    /// </summary>
    public string RunName { get; init; } = "backfill";

    /// <summary>How many segments the table is scanned in, each by its own worker, 1 to <see cref="MaxSegments"/>. A resumed run must use the same number. Defaults to 4.</summary>
    public int Segments { get; init; } = 4;

    /// <summary>How many items a scan page reads, 1 to 1000; a checkpoint is written after each page. Defaults to 100.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>How many rewrites each segment has in flight at once, 1 to 32. Defaults to 4.</summary>
    public int WritesPerSegment { get; init; } = 4;

    /// <summary>
    /// The most capacity units a second the run consumes, reads and writes together (read units as DynamoDB reports
    /// them for the scan, write units from the item sizes); <see langword="null"/> for no limit. Defaults to null.
    /// </summary>
    public double? CapacityUnitsPerSecond { get; init; }

    /// <summary>Whether to only count what would change: nothing is written, not even checkpoints. Defaults to <see langword="false"/>.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Called with the key of each item right after it was rewritten (not in a dry run), from the segments' workers at
    /// once: an audit of what the run changed. <see langword="null"/> for none.
    /// </summary>
    public Action<PrimaryKey>? OnItemRewritten { get; init; }

    /// <summary>Whether to forget the checkpoints of an earlier run of the same name and start over. Defaults to <see langword="false"/>.</summary>
    public bool Restart { get; init; }
}
