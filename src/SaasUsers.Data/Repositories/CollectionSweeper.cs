using SaasUsers.Data.Mapping;

namespace SaasUsers.Data;

/// <summary>
/// Deletes an account's item collection (a user's or an organization's) for its delete: everything in the partition
/// but the head item, with the items outside it that belong to an item in it, sweeping again while items keep
/// appearing. The one home of the sweep both deletes use.
/// </summary>
internal static class CollectionSweeper
{
    /// <summary>The most sweeps of a collection a delete makes while items keep appearing in it.</summary>
    public const int MaxSweeps = 10;

    /// <summary>Deletes every item of the collection but the head, and what each item owns outside it.</summary>
    /// <param name="table">The table.</param>
    /// <param name="partitionKey">The collection.</param>
    /// <param name="isHead">Whether an item is the head item (the user or the organization), deleted last by the caller.</param>
    /// <param name="alsoDelete">Keys outside the collection that go with an item, beside its <see cref="DynamoOwnedByAttribute"/> keys.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many items were deleted.</returns>
    public static async Task<int> SweepAsync(IEntityTable table, string partitionKey, Func<object, bool> isHead, Func<object, IEnumerable<PrimaryKey>>? alsoDelete, CancellationToken cancellationToken)
    {
        var deleted = 0;
        for (var sweep = 1; sweep <= MaxSweeps; sweep++)
        {
            var lookups = new List<PrimaryKey>();
            var owned = new List<PrimaryKey>();
            string? cursor = null;
            do
            {
                var query = new ItemQuery(partitionKey) { ConsistentRead = true, PageSize = ItemQuery.MaxPageSize, Cursor = cursor };
                var page = await table.QueryAsync(query, cancellationToken).ConfigureAwait(false);
                foreach (var item in page.Items)
                {
                    if (isHead(item))
                    {
                        continue;
                    }

                    if (item is UnknownItem unknown)
                    {
                        owned.Add(new PrimaryKey(unknown.Item[ItemAttributeNames.PartitionKey].S, unknown.Item[ItemAttributeNames.SortKey].S));
                        continue;
                    }

                    // Items outside the partition that belong to an item in it ([DynamoOwnedBy]: checkout records, an
                    // application's lookups and memberships) are found through their owners.
                    lookups.AddRange(table.Model.OwnedKeysOf(item));
                    if (alsoDelete is not null)
                    {
                        lookups.AddRange(alsoDelete(item));
                    }

                    owned.Add(table.Model.KeyOf(item));
                }

                cursor = page.NextCursor;
            }
            while (cursor is not null);

            if (owned.Count == 0)
            {
                return deleted;
            }

            // Owned items before their owners: if the call is cut short, running it again still finds every owned
            // item through the owners that remain.
            var batch = new BatchWriteBuilder();
            foreach (var itemKey in lookups.Concat(owned).Distinct())
            {
                batch.Delete(itemKey);
            }

            await table.BatchWriteAsync(batch, cancellationToken).ConfigureAwait(false);
            deleted += batch.Count;
        }

        throw new InvalidOperationException($"Items kept appearing under {partitionKey} during {MaxSweeps} sweeps; the account is marked deleted, run the delete again.");
    }

    /// <summary>Deletes an item if it is present and the condition holds; 1 if it deleted it, else 0.</summary>
    public static async Task<int> DeleteIfPresentAsync<T>(IEntityTable table, PrimaryKey key, ItemCondition<T> condition, CancellationToken cancellationToken)
        where T : class, IDynamoEntity<T>
    {
        try
        {
            await table.DeleteAsync(key, condition: condition, cancellationToken: cancellationToken).ConfigureAwait(false);
            return 1;
        }
        catch (ConditionFailedException)
        {
            // Already gone, or no longer this account's (ItemNotFoundException is a ConditionFailedException too).
            return 0;
        }
    }
}
