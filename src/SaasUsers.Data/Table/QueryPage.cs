namespace SaasUsers.Data;

/// <summary>One page of a query.</summary>
/// <typeparam name="T">The item type: <see cref="object"/> for mixed entity types, or one entity type.</typeparam>
public sealed class QueryPage<T>
    where T : class
{
    /// <summary>Creates a page.</summary>
    /// <param name="items">The items.</param>
    /// <param name="nextCursor">The cursor of the next page, or <see langword="null"/> on the last page.</param>
    public QueryPage(IReadOnlyList<T> items, string? nextCursor)
        : this(items, nextCursor, nextCursor is not null)
    {
    }

    /// <summary>Creates a page that may say more items follow without a cursor to them (a single-page read).</summary>
    /// <param name="items">The items.</param>
    /// <param name="nextCursor">The cursor of the next page, or <see langword="null"/>.</param>
    /// <param name="hasMore">Whether more items follow; must be <see langword="true"/> when <paramref name="nextCursor"/> is set.</param>
    /// <exception cref="ArgumentException"><paramref name="nextCursor"/> is set but <paramref name="hasMore"/> is <see langword="false"/>.</exception>
    public QueryPage(IReadOnlyList<T> items, string? nextCursor, bool hasMore)
    {
        Items = items ?? throw new ArgumentNullException(nameof(items));
        if (nextCursor is not null && !hasMore)
        {
            throw new ArgumentException("A page with a next cursor has more items.", nameof(hasMore));
        }

        NextCursor = nextCursor;
        HasMore = hasMore;
    }

    /// <summary>The items, in sort key order (or reversed for descending queries).</summary>
    public IReadOnlyList<T> Items { get; }

    /// <summary>The cursor for the next page, or <see langword="null"/> when this is the last page.</summary>
    public string? NextCursor { get; }

    /// <summary>
    /// Whether more items follow. A paged query sets <see cref="NextCursor"/> too; a single-page read
    /// (<see cref="IEntityTable.QuerySinglePageAsync"/>) only says so.
    /// </summary>
    public bool HasMore { get; }

    /// <summary>The items of entity type <typeparamref name="TEntity"/>.</summary>
    public IEnumerable<TEntity> OfType<TEntity>() => Items.OfType<TEntity>();
}
