using System.Globalization;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Mapping;

namespace SaasUsers.Data;

/// <summary>
/// The conditions every write of this package builds on, rendered in one place, and the one place that reads
/// a stored item's entity type and version back.
/// </summary>
internal static class ItemConditions
{
    /// <summary>The entity type name a stored item carries in <c>_type</c>, or <see langword="null"/>.</summary>
    public static string? StoredEntityType(Dictionary<string, AttributeValue> item) =>
        item.TryGetValue(ItemAttributeNames.EntityType, out var value) ? value.S : null;

    /// <summary>Whether a stored item is of entity type <paramref name="entityType"/>.</summary>
    public static bool IsOfType(Dictionary<string, AttributeValue> item, string entityType) =>
        string.Equals(StoredEntityType(item), entityType, StringComparison.Ordinal);

    /// <summary>The version a stored item holds in <paramref name="versionAttribute"/>, or <see langword="null"/>.</summary>
    public static long? StoredVersion(Dictionary<string, AttributeValue>? item, string? versionAttribute) =>
        item is not null && versionAttribute is not null && item.TryGetValue(versionAttribute, out var value) && value.N is { } n
        && long.TryParse(n, NumberStyles.Integer, CultureInfo.InvariantCulture, out var version)
            ? version
            : null;

    /// <summary>The <c>SET</c> clause that bumps a version (an absent version counts as 0, so a created item gets 1).</summary>
    public static string VersionBump(string versionAttribute, ExpressionAttributes attributes)
    {
        var version = attributes.Name(versionAttribute);
        return $"{version} = if_not_exists({version}, {attributes.Value(new AttributeValue { N = "0" })}) + {attributes.Value(new AttributeValue { N = "1" })}";
    }

    /// <summary>No item with the key exists.</summary>
    public static string NotExists(ExpressionAttributes attributes) => AttributeAbsent(ItemAttributeNames.PartitionKey, attributes);

    /// <summary>An item with the key exists (of any entity type).</summary>
    public static string Exists(ExpressionAttributes attributes) =>
        "attribute_exists(" + attributes.Name(ItemAttributeNames.PartitionKey) + ")";

    /// <summary>The stored item has no attribute <paramref name="attributeName"/>.</summary>
    public static string AttributeAbsent(string attributeName, ExpressionAttributes attributes) =>
        "attribute_not_exists(" + attributes.Name(attributeName) + ")";

    /// <summary>An item with the key exists and is of the given entity type (so a racing delete never leaves a half item behind).</summary>
    public static string ExistsAsType(string entityType, ExpressionAttributes attributes) =>
        Exists(attributes) + " AND " + attributes.Name(ItemAttributeNames.EntityType) + " = " + attributes.Value(new AttributeValue { S = entityType });

    /// <summary>The stored version equals <paramref name="version"/>.</summary>
    public static string HasVersion(string versionAttribute, long version, ExpressionAttributes attributes) =>
        attributes.Name(versionAttribute) + " = " + attributes.Value(new AttributeValue { N = version.ToString(CultureInfo.InvariantCulture) });

    /// <summary>
    /// The condition of every write to an existing entity: the item exists as the entity's type, at the expected
    /// version if one is given, and meets the caller's condition if any. Updates, deletes, checks and upserts use it.
    /// </summary>
    public static string ExistingEntity<T>(EntityMapper<T> mapper, long? expectedVersion, ItemCondition<T>? condition, ExpressionAttributes attributes)
        where T : class, IDynamoEntity<T>
    {
        var expression = ExistsAsType(mapper.EntityType, attributes);
        if (expectedVersion is { } version)
        {
            expression += " AND " + HasVersion(mapper.VersionAttributeName!, version, attributes);
        }

        if (condition is not null)
        {
            expression += " AND (" + condition.Render(attributes) + ")";
        }

        return expression;
    }

    /// <summary>
    /// The condition of an upsert: no item with the key exists (the upsert creates it), or the stored entity meets
    /// <see cref="ExistingEntity"/> (the upsert updates it).
    /// </summary>
    public static string AbsentOrExistingEntity<T>(EntityMapper<T> mapper, long? expectedVersion, ItemCondition<T>? condition, ExpressionAttributes attributes)
        where T : class, IDynamoEntity<T>
    {
        // Rendered in this order so that the placeholders number as they always have.
        var existing = ExistingEntity(mapper, expectedVersion, condition, attributes);
        return NotExists(attributes) + " OR (" + existing + ")";
    }
}
