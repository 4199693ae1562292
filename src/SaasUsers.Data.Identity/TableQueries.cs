using System.Runtime.CompilerServices;
using SaasUsers.Data.Mapping;

namespace SaasUsers.Data.Identity;

/// <summary>The paging loop and key check the stores share.</summary>
internal static class TableQueries
{
    /// <summary>Every entity of type <typeparamref name="T"/> the query finds, one request a page of 1,000.</summary>
    public static async IAsyncEnumerable<T> AllAsync<T>(this IEntityTable table, ItemQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class, IDynamoEntity<T>
    {
        string? cursor = null;
        do
        {
            var page = await table.QueryAsync<T>(query with { PageSize = ItemQuery.MaxPageSize, Cursor = cursor }, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>Every entity of type <typeparamref name="T"/> in a collection, read with strong consistency.</summary>
    public static IAsyncEnumerable<T> CollectionAsync<T>(this IEntityTable table, string partitionKey, CancellationToken cancellationToken)
        where T : class, IDynamoEntity<T> =>
        table.AllAsync<T>(new ItemQuery(partitionKey) { ConsistentRead = true }, cancellationToken);

    /// <summary>Whether a value can be a key component: a lookup with any other value finds nothing and sends nothing.</summary>
    public static bool IsKeySafe(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        try
        {
            KeyComponent.Escape(value, nameof(value));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
