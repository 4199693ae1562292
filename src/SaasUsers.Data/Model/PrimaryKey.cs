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

    /// <summary>The key as the <c>PK</c>/<c>SK</c> attributes of a request.</summary>
    internal Dictionary<string, AttributeValue> ToAttributes(string paramName)
    {
        EnsureComplete(paramName);
        return new Dictionary<string, AttributeValue>(2, StringComparer.Ordinal)
        {
            [ItemAttributeNames.PartitionKey] = new AttributeValue { S = PartitionKey },
            [ItemAttributeNames.SortKey] = new AttributeValue { S = SortKey },
        };
    }

    /// <summary>Returns <c>PK/SK</c>, for messages and logs.</summary>
    public override string ToString() => PartitionKey + " / " + SortKey;
}
