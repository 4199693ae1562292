using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data.Repositories;

/// <summary>The conditions every write of this package builds on, rendered in one place.</summary>
internal static class ItemConditions
{
    /// <summary>No item with the key exists.</summary>
    public static string NotExists(ExpressionAttributes attributes) =>
        "attribute_not_exists(" + attributes.Name(ItemAttributeNames.PartitionKey) + ")";

    /// <summary>An item with the key exists and is of the given entity type (so a racing delete never leaves a half item behind).</summary>
    public static string ExistsAsType(string entityType, ExpressionAttributes attributes) =>
        "attribute_exists(" + attributes.Name(ItemAttributeNames.PartitionKey) + ") AND " +
        attributes.Name(ItemAttributeNames.EntityType) + " = " + attributes.Value(new AttributeValue { S = entityType });

    /// <summary>The stored version equals <paramref name="version"/>.</summary>
    public static string HasVersion(string versionAttribute, long version, ExpressionAttributes attributes) =>
        attributes.Name(versionAttribute) + " = " + attributes.Value(new AttributeValue { N = version.ToString(CultureInfo.InvariantCulture) });
}
