using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Mapping;

namespace SaasUsers.Data;

/// <summary>
/// Puts and deletes to send as batches of 25. Batch writes are unconditional and not atomic: use a
/// transaction when items must change together. Each key may appear once.
/// </summary>
public sealed class BatchWriteBuilder
{
    private readonly List<BatchWriteEntry> _writes = [];
    private readonly HashSet<PrimaryKey> _keys = [];

    /// <summary>How many writes the batch holds.</summary>
    public int Count => _writes.Count;

    internal IReadOnlyList<BatchWriteEntry> Writes => _writes;

    /// <summary>Puts (creates or replaces) an entity, as it is (its version is not changed or checked).</summary>
    public BatchWriteBuilder Put<T>(T entity)
        where T : class, IDynamoEntity<T>
    {
        ArgumentNullException.ThrowIfNull(entity);
        var mapper = T.Mapper;
        var item = mapper.ToItem(entity);
        ItemSize.EnsureWithinLimit(item, mapper.EntityType, nameof(entity));

        // The key as the item holds it: built once, by ToItem (GetKey would escape and join the components again).
        return Add(PrimaryKey.FromItem(item, nameof(entity)), new WriteRequest { PutRequest = new PutRequest { Item = item } });
    }

    /// <summary>
    /// Puts (creates or replaces) an item as stored, whatever its entity type: for import and other tools that move
    /// items unchanged. The item needs string <c>PK</c> and <c>SK</c> attributes and must be at most 400 KB.
    /// </summary>
    /// <exception cref="ArgumentException">The item has no string key, or is over 400 KB.</exception>
    public BatchWriteBuilder PutItem(Dictionary<string, AttributeValue> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var key = PrimaryKey.FromItem(item, nameof(item));
        ItemSize.EnsureWithinLimit(item, item.TryGetValue(ItemAttributeNames.EntityType, out var type) ? type.S ?? "item" : "item", nameof(item));
        return Add(key, new WriteRequest { PutRequest = new PutRequest { Item = item } });
    }

    /// <summary>Deletes the item at <paramref name="key"/> (nothing happens when there is none).</summary>
    public BatchWriteBuilder Delete(PrimaryKey key) =>
        Add(key, new WriteRequest { DeleteRequest = new DeleteRequest { Key = key.ToAttributes(nameof(key)) } });

    private BatchWriteBuilder Add(PrimaryKey key, WriteRequest request)
    {
        if (!_keys.Add(key))
        {
            throw new ArgumentException($"The batch already writes {key}; each key may appear once in a batch.", "batch");
        }

        _writes.Add(new BatchWriteEntry(key, request));
        return this;
    }
}

/// <summary>One write of a batch and its key.</summary>
internal readonly record struct BatchWriteEntry(PrimaryKey Key, WriteRequest Request);
