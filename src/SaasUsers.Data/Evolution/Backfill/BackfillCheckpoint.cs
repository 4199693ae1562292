namespace SaasUsers.Data;

/// <summary>
/// Where one segment of a backfill run is: stored in the table (its own partition per run, never in a user's) so a
/// stopped run resumes from the last finished page. Written after each page.
/// </summary>
[DynamoEntity("SAASUSERS#BACKFILL#{RunName}", "SEGMENT#{Segment}", EntityType = "SaasUsersBackfillCheckpoint")]
internal sealed partial record BackfillCheckpoint
{
    public required string RunName { get; init; }

    public required int Segment { get; init; }

    public required int TotalSegments { get; init; }

    /// <summary>The key of the last item of the last finished page; null before the first page.</summary>
    public string? LastPartitionKey { get; init; }

    public string? LastSortKey { get; init; }

    public bool Done { get; init; }

    public long Scanned { get; init; }

    public long Matched { get; init; }

    public long Rewritten { get; init; }

    public long Unchanged { get; init; }

    public long Failed { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
