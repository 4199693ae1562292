namespace SaasUsers.Data;

/// <summary>One page of a query.</summary>
/// <typeparam name="T">The item type: <see cref="object"/> for mixed entity types, or one entity type.</typeparam>
public sealed class QueryPage<T>
    where T : class
{
    /// <summary>Creates a page.</summary>
    public QueryPage(IReadOnlyList<T> items, string? nextCursor)
    {
        Items = items ?? throw new ArgumentNullException(nameof(items));
        NextCursor = nextCursor;
    }

    /// <summary>The items, in sort key order (or reversed for descending queries).</summary>
    public IReadOnlyList<T> Items { get; }

    /// <summary>The cursor for the next page, or <see langword="null"/> when this is the last page.</summary>
    public string? NextCursor { get; }

    /// <summary>Whether another page follows.</summary>
    public bool HasMore => NextCursor is not null;

    /// <summary>The items of entity type <typeparamref name="TEntity"/>.</summary>
    public IEnumerable<TEntity> OfType<TEntity>() => Items.OfType<TEntity>();
}
