using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data;

/// <summary>The primary key of one item: its partition key (<c>PK</c>) and sort key (<c>SK</c>) values.</summary>
/// <param name="PartitionKey">The partition key value, for example <c>USER#42</c>.</param>
/// <param name="SortKey">The sort key value, for example <c>PROFILE</c>.</param>
public readonly record struct PrimaryKey(string PartitionKey, string SortKey)
{
    /// <summary>Throws when a part is missing: every item of the table has both (build keys with the generated <c>CreateKey</c>).</summary>
    internal void EnsureComplete(string paramName)
    {
        if (string.IsNullOrEmpty(PartitionKey) || string.IsNullOrEmpty(SortKey))
        {
            throw new ArgumentException("The key needs both a partition key and a sort key value; build it with the entity's generated CreateKey.", paramName);
        }
    }

    /// <summary>
    /// The key as the <c>PK</c>/<c>SK</c> attributes of a request (a new dictionary each call), for code that sends its
    /// own SDK request for an item the table holds (for example an <c>UpdateItem</c> with counters named at run time).
    /// </summary>
    /// <exception cref="InvalidOperationException">The partition key or the sort key value is missing.</exception>
    public Dictionary<string, AttributeValue> ToAttributes() =>
        string.IsNullOrEmpty(PartitionKey) || string.IsNullOrEmpty(SortKey)
            ? throw new InvalidOperationException("The key needs both a partition key and a sort key value; build it with the entity's generated CreateKey.")
            : ToAttributes("key");

    /// <summary>The key as the <c>PK</c>/<c>SK</c> attributes of a request; an incomplete key is an argument error naming <paramref name="paramName"/>.</summary>
    internal Dictionary<string, AttributeValue> ToAttributes(string paramName)
    {
        EnsureComplete(paramName);
        return new Dictionary<string, AttributeValue>(2, StringComparer.Ordinal)
        {
            [ItemAttributeNames.PartitionKey] = new AttributeValue { S = PartitionKey },
            [ItemAttributeNames.SortKey] = new AttributeValue { S = SortKey },
        };
    }

    /// <summary>The primary key of an item as stored: its string <c>PK</c> and <c>SK</c> attributes.</summary>
    /// <param name="item">The item (for example from <see cref="IEntityTable.ScanItemsAsync"/> or an export file).</param>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is null.</exception>
    /// <exception cref="ArgumentException">The item has no non-empty string <c>PK</c> or <c>SK</c>.</exception>
    public static PrimaryKey FromItem(IReadOnlyDictionary<string, AttributeValue> item) => FromItem(item, nameof(item));

    /// <summary><see cref="FromItem(IReadOnlyDictionary{string, AttributeValue})"/> naming the caller's argument in its exception.</summary>
    internal static PrimaryKey FromItem(IReadOnlyDictionary<string, AttributeValue> item, string paramName)
    {
        ArgumentNullException.ThrowIfNull(item, paramName);
        if (!item.TryGetValue(ItemAttributeNames.PartitionKey, out var pk) || string.IsNullOrEmpty(pk.S)
            || !item.TryGetValue(ItemAttributeNames.SortKey, out var sk) || string.IsNullOrEmpty(sk.S))
        {
            throw new ArgumentException("The item needs string PK and SK attributes.", paramName);
        }

        return new PrimaryKey(pk.S, sk.S);
    }

    /// <summary>Returns <c>PK/SK</c>, for messages and logs.</summary>
    public override string ToString() => PartitionKey + " / " + SortKey;
}
