namespace SaasUsers.Data;

/// <summary>
/// Puts an entity into an overloaded global secondary index <c>GSI{n}</c> with key attributes
/// <c>GSI{n}PK</c> and <c>GSI{n}SK</c>, built from the given templates.
/// </summary>
/// <remarks>
/// The index is sparse: when a property named in either template is <see langword="null"/>, the item is written
/// without that index's key attributes and so does not appear in the index.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = true)]
public sealed class DynamoIndexAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="index">The index number, 1 to 20 (DynamoDB allows 20 global secondary indexes a table).</param>
    /// <param name="partitionKey">The index partition key template, for example <c>"EMAIL#{NormalizedEmail}"</c>.</param>
    /// <param name="sortKey">The index sort key template, for example <c>"USER"</c>.</param>
    public DynamoIndexAttribute(int index, string partitionKey, string sortKey)
    {
        Index = index;
        PartitionKey = partitionKey;
        SortKey = sortKey;
    }

    /// <summary>The index number: the index is named <c>GSI{Index}</c>.</summary>
    public int Index { get; }

    /// <summary>The index partition key template.</summary>
    public string PartitionKey { get; }

    /// <summary>The index sort key template.</summary>
    public string SortKey { get; }
}
