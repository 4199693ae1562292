namespace SaasUsers.Data.Mapping;

/// <summary>How an entity fills one overloaded global secondary index.</summary>
public sealed class IndexKeyTemplate
{
    /// <summary>Creates the description.</summary>
    /// <param name="index">The index number (1 to 20).</param>
    /// <param name="partitionKey">The index partition key template.</param>
    /// <param name="sortKey">The index sort key template.</param>
    public IndexKeyTemplate(int index, KeyTemplate partitionKey, KeyTemplate sortKey)
    {
        IndexName = ItemAttributeNames.IndexName(index);
        Index = index;
        PartitionKey = partitionKey ?? throw new ArgumentNullException(nameof(partitionKey));
        SortKey = sortKey ?? throw new ArgumentNullException(nameof(sortKey));
        PartitionKeyAttribute = ItemAttributeNames.IndexPartitionKey(index);
        SortKeyAttribute = ItemAttributeNames.IndexSortKey(index);
    }

    /// <summary>The index number.</summary>
    public int Index { get; }

    /// <summary>The index name, <c>GSI{n}</c>.</summary>
    public string IndexName { get; }

    /// <summary>The index partition key attribute, <c>GSI{n}PK</c>.</summary>
    public string PartitionKeyAttribute { get; }

    /// <summary>The index sort key attribute, <c>GSI{n}SK</c>.</summary>
    public string SortKeyAttribute { get; }

    /// <summary>The index partition key template.</summary>
    public KeyTemplate PartitionKey { get; }

    /// <summary>The index sort key template.</summary>
    public KeyTemplate SortKey { get; }
}
