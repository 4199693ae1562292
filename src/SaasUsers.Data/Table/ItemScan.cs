namespace SaasUsers.Data;

/// <summary>
/// One page of a scan of the whole table, or of one segment of a parallel scan. For the admin tools (backfill,
/// export) only: a scan reads every item of the table, so no application path uses one.
/// </summary>
public sealed record ItemScan
{
    /// <summary>The most segments DynamoDB allows in a parallel scan.</summary>
    public const int MaxSegments = 1_000_000;

    /// <summary>The segment to read, 0 to <see cref="TotalSegments"/> - 1. Defaults to 0.</summary>
    public int Segment { get; init; }

    /// <summary>How many segments the scan is split into (each read by its own worker). Defaults to 1.</summary>
    public int TotalSegments { get; init; } = 1;

    /// <summary>The key of the last item of the page before (<see cref="ItemScanPage.LastKey"/>), or <see langword="null"/> for the first page.</summary>
    public PrimaryKey? StartAfter { get; init; }

    /// <summary>How many items DynamoDB reads for the page (before <see cref="EntityTypes"/> filters them), 1 to <see cref="ItemQuery.MaxPageSize"/>. Defaults to 100.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>Only items of these entity types (attribute <c>_type</c>) are returned; all items when <see langword="null"/>. At most 100.</summary>
    public IReadOnlyCollection<string>? EntityTypes { get; init; }

    /// <summary>Whether to read with strong consistency. Defaults to <see langword="false"/>.</summary>
    public bool ConsistentRead { get; init; }
}
