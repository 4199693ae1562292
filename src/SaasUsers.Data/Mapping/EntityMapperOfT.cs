using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data.Mapping;

/// <summary>
/// Converts one entity type to and from a DynamoDB item and builds its keys. The source generator derives a
/// sealed mapper for every <see cref="DynamoEntityAttribute"/> type; a hand-written one must follow the same
/// rules: store <c>PK</c>, <c>SK</c>, <c>_type</c> and the index keys in <see cref="ToItem"/>, build key
/// components with <see cref="KeyComponent"/> and values with <see cref="AttributeValueConverter"/>.
/// </summary>
/// <typeparam name="T">The entity type.</typeparam>
public abstract class EntityMapper<T> : EntityMapper
    where T : class
{
    /// <inheritdoc cref="EntityMapper(string, KeyTemplate, KeyTemplate, IReadOnlyList{IndexKeyTemplate}, string?, string?)"/>
    protected EntityMapper(
        string entityType,
        KeyTemplate partitionKey,
        KeyTemplate sortKey,
        IReadOnlyList<IndexKeyTemplate> indexes,
        string? versionAttributeName,
        string? timeToLiveAttributeName)
        : base(entityType, partitionKey, sortKey, indexes, versionAttributeName, timeToLiveAttributeName)
    {
    }

    /// <inheritdoc />
    public sealed override Type EntityClrType => typeof(T);

    /// <summary>Converts the entity to a whole item: keys, index keys, entity type and every stored property.</summary>
    /// <exception cref="ArgumentException">A key component is null, empty, or not allowed in a key; or a value is out of range.</exception>
    public abstract Dictionary<string, AttributeValue> ToItem(T entity);

    /// <summary>Decodes an item into the entity.</summary>
    /// <exception cref="EntityMappingException">The item lacks a required attribute or holds a value of the wrong type.</exception>
    public abstract T FromItem(Dictionary<string, AttributeValue> item);

    /// <summary>
    /// Decodes an item straight from DynamoDB's JSON (a response body), to the entity <see cref="FromItem"/> decodes
    /// from the same item. Generated mappers read each attribute with <see cref="ItemJsonReader"/>; this default
    /// builds the SDK's attribute values with <see cref="ItemJsonReader.ReadAttributeMap"/> and calls
    /// <see cref="FromItem"/>, so a hand-written mapper works unchanged.
    /// </summary>
    /// <param name="reader">The reader, on the item's <see cref="System.Text.Json.JsonTokenType.StartObject"/>; left on its end.</param>
    /// <exception cref="EntityMappingException">The item lacks a required attribute or holds a value of the wrong type.</exception>
    public virtual T FromJson(ref System.Text.Json.Utf8JsonReader reader) => FromItem(ItemJsonReader.ReadAttributeMap(ref reader));

    /// <summary>Builds the entity's primary key.</summary>
    /// <exception cref="ArgumentException">A key component is null, empty, or not allowed in a key.</exception>
    public abstract PrimaryKey GetKey(T entity);

    /// <summary>Whether the entity has a <see cref="DynamoVersionAttribute"/> property.</summary>
    public bool IsVersioned => VersionAttributeName is not null;

    /// <summary>Reads the entity's version. Only for versioned entities.</summary>
    /// <exception cref="NotSupportedException">The entity has no version property.</exception>
    public virtual long GetVersion(T entity) =>
        throw new NotSupportedException($"{EntityType} has no [DynamoVersion] property.");

    /// <summary>Returns a copy of the entity with another version. Only for versioned entities.</summary>
    /// <exception cref="NotSupportedException">The entity has no version property.</exception>
    public virtual T WithVersion(T entity, long version) =>
        throw new NotSupportedException($"{EntityType} has no [DynamoVersion] property.");

    /// <inheritdoc />
    public sealed override object FromItemAsObject(Dictionary<string, AttributeValue> item) => FromItem(item);

    /// <inheritdoc />
    public sealed override object FromJsonAsObject(ref System.Text.Json.Utf8JsonReader reader) => FromJson(ref reader);

    /// <inheritdoc />
    public sealed override PrimaryKey GetKeyAsObject(object entity) =>
        entity is T typed ? GetKey(typed) : throw new ArgumentException($"The entity is a {entity?.GetType().Name ?? "null"}, not a {EntityType}.", nameof(entity));
}
