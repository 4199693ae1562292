namespace SaasUsers.Data;

/// <summary>
/// Puts an entity into an overloaded global secondary index <c>GSI{n}</c> with key attributes
/// <c>GSI{n}PK</c> and <c>GSI{n}SK</c>, built from the given templates.
/// </summary>
/// <remarks>
/// The generator emits typed key helpers for each index under the entity's <c>Indexes</c> class, named by
/// <see cref="Name"/>: <c>User.Indexes.ByEmail.Query(email)</c> (an <see cref="ItemQuery"/> of the index),
/// <c>PartitionKey(...)</c>, <c>SortKey(...)</c> and, when the sort key has a property, <c>SortKeys.Prefix(...)</c> and
/// <c>SortKeys.Between(from, to)</c>, so no query spells the index number or a template a second time.
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

    /// <summary>
    /// What the index finds the entity by, as a C# identifier (for example <c>ByEmail</c>): the name of the
    /// generated helper class <c>Indexes.{Name}</c>. Defaults to <c>Gsi{Index}</c>. One entity's index names are unique.
    /// </summary>
    public string? Name { get; set; }
}
