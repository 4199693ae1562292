namespace SaasUsers.Data;

/// <summary>
/// Marks a <see langword="partial"/> class or record as an entity stored in the single table and states its key
/// templates. The source generator emits the mapping and key code for every type that carries this attribute.
/// </summary>
/// <remarks>
/// A template is literal text with property names in braces, for example <c>"USER#{UserId}"</c> or
/// <c>"PAY#{CreatedAt}#{CheckoutSessionId}"</c>. Each property value is escaped so that it can never forge
/// another key (see <see cref="Mapping.KeyComponent"/>).
/// </remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class DynamoEntityAttribute : Attribute
{
    /// <summary>Creates the attribute from the partition key and sort key templates.</summary>
    /// <param name="partitionKey">The partition key (<c>PK</c>) template, for example <c>"USER#{UserId}"</c>.</param>
    /// <param name="sortKey">The sort key (<c>SK</c>) template, for example <c>"PROFILE"</c> or <c>"SUB#{SubscriptionId}"</c>.</param>
    public DynamoEntityAttribute(string partitionKey, string sortKey)
    {
        PartitionKey = partitionKey;
        SortKey = sortKey;
    }

    /// <summary>The partition key template.</summary>
    public string PartitionKey { get; }

    /// <summary>The sort key template.</summary>
    public string SortKey { get; }

    /// <summary>
    /// The entity type name stored in every item (attribute <c>_type</c>) and used to decode mixed query results.
    /// Defaults to the class name. Must be unique within the table model.
    /// </summary>
    public string? EntityType { get; set; }
}
