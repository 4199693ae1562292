namespace SaasUsers.Data;

/// <summary>The attribute names the table reserves for keys and entity types.</summary>
public static class ItemAttributeNames
{
    /// <summary>The partition key attribute.</summary>
    public const string PartitionKey = "PK";

    /// <summary>The sort key attribute.</summary>
    public const string SortKey = "SK";

    /// <summary>The attribute that holds the entity type name of every item.</summary>
    public const string EntityType = "_type";

    /// <summary><see cref="EntityType"/> in UTF-8, for matching it in a response body.</summary>
    internal static ReadOnlySpan<byte> EntityTypeUtf8 => "_type"u8;

    /// <summary>
    /// The attribute every single-item put or update writes with a random token of its own, so that when DynamoDB
    /// applied a write but its answer was lost and the SDK's retry then fails the condition, the package recognises
    /// its own write (the item returned by the failed condition carries the token) instead of reporting a conflict.
    /// </summary>
    public const string WriteToken = "_wt";

    /// <summary>Whether no property may be stored as <paramref name="attributeName"/>: a key, index key, the entity type or the write token.</summary>
    internal static bool IsReserved(string attributeName) => Shared.ReservedAttributeNames.IsReserved(attributeName);

    /// <summary><see cref="IsReserved(string)"/> for a name's UTF-8 bytes in a response body.</summary>
    internal static bool IsReserved(ReadOnlySpan<byte> attributeName) => Shared.ReservedAttributeNames.IsReserved(attributeName);

    /// <summary>The largest index number; DynamoDB allows 20 global secondary indexes a table.</summary>
    public const int MaxIndexNumber = Shared.ReservedAttributeNames.MaxIndexNumber;

    /// <summary>The name of global secondary index <paramref name="index"/>: <c>GSI{index}</c>.</summary>
    public static string IndexName(int index) => "GSI" + IndexNumberText(index);

    /// <summary>The partition key attribute of index <paramref name="index"/>: <c>GSI{index}PK</c>.</summary>
    public static string IndexPartitionKey(int index) => "GSI" + IndexNumberText(index) + "PK";

    /// <summary>The sort key attribute of index <paramref name="index"/>: <c>GSI{index}SK</c>.</summary>
    public static string IndexSortKey(int index) => "GSI" + IndexNumberText(index) + "SK";

    private static string IndexNumberText(int index)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, MaxIndexNumber);
        return index.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
