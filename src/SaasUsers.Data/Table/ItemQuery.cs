namespace SaasUsers.Data;

/// <summary>
/// A query of one item collection: all items with one partition key value in the table or in a global secondary
/// index, optionally narrowed by a sort key condition, one page at a time.
/// </summary>
public sealed record ItemQuery
{
    /// <summary>The largest page size; DynamoDB also stops a page at 1 MB.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>Creates a query of the item collection with partition key <paramref name="partitionKey"/>.</summary>
    /// <param name="partitionKey">The partition key value, for example from a generated <c>CreatePartitionKey</c>.</param>
    public ItemQuery(string partitionKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(partitionKey);
        PartitionKey = partitionKey;
    }

    /// <summary>The partition key value (of the table, or of the index when <see cref="Index"/> is set).</summary>
    public string PartitionKey { get; }

    /// <summary>The global secondary index to query (<c>GSI{n}</c>), or <see langword="null"/> for the table.</summary>
    public int? Index { get; init; }

    /// <summary>The sort key condition, or <see langword="null"/> for the whole collection.</summary>
    public SortKeyCondition? SortKey { get; init; }

    /// <summary>Whether to return items in descending sort key order (newest first for time-ordered keys).</summary>
    public bool Descending { get; init; }

    /// <summary>The most items a page returns, 1 to <see cref="MaxPageSize"/>. Defaults to 100.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>Whether to read with strong consistency (the table only; indexes are eventually consistent).</summary>
    public bool ConsistentRead { get; init; }

    /// <summary>The cursor of the page to read (<see cref="QueryPage{T}.NextCursor"/> of the page before), or <see langword="null"/> for the first page.</summary>
    public string? Cursor { get; init; }

    /// <summary>
    /// The argument name a refused <see cref="Cursor"/> is reported under (<see cref="ArgumentException.ParamName"/>
    /// of the <see cref="InvalidCursorException"/>): a repository whose callers pass the cursor as an argument of
    /// their own names that argument. Defaults to <c>Cursor</c>; not part of what the cursor is bound to.
    /// </summary>
    public string CursorParameterName { get; init; } = nameof(Cursor);
}
