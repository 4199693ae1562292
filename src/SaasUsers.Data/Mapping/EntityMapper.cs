using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data.Mapping;

/// <summary>
/// What the table needs to know about one entity type without knowing the type: its name, key templates,
/// indexes, version and time-to-live attributes, and how to decode an item. See <see cref="EntityMapper{T}"/>.
/// </summary>
public abstract class EntityMapper
{
    private readonly HashSet<string> _primaryKeyAttributes;

    /// <summary>Creates the mapper description.</summary>
    /// <param name="entityType">The entity type name stored in every item.</param>
    /// <param name="partitionKey">The partition key template.</param>
    /// <param name="sortKey">The sort key template.</param>
    /// <param name="indexes">The global secondary indexes the entity fills.</param>
    /// <param name="versionAttributeName">The optimistic-concurrency version attribute, if any.</param>
    /// <param name="timeToLiveAttributeName">The time-to-live attribute, if any.</param>
    protected EntityMapper(
        string entityType,
        KeyTemplate partitionKey,
        KeyTemplate sortKey,
        IReadOnlyList<IndexKeyTemplate> indexes,
        string? versionAttributeName,
        string? timeToLiveAttributeName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entityType);
        EntityType = entityType;
        PartitionKey = partitionKey ?? throw new ArgumentNullException(nameof(partitionKey));
        SortKey = sortKey ?? throw new ArgumentNullException(nameof(sortKey));
        Indexes = indexes ?? throw new ArgumentNullException(nameof(indexes));
        VersionAttributeName = versionAttributeName;
        TimeToLiveAttributeName = timeToLiveAttributeName;
        _primaryKeyAttributes = new HashSet<string>(partitionKey.AttributeNames.Concat(sortKey.AttributeNames), StringComparer.Ordinal);
    }

    /// <summary>The entity type name stored in every item (attribute <c>_type</c>).</summary>
    public string EntityType { get; }

    /// <summary>The .NET type of the entity.</summary>
    public abstract Type EntityClrType { get; }

    /// <summary>The partition key template.</summary>
    public KeyTemplate PartitionKey { get; }

    /// <summary>The sort key template.</summary>
    public KeyTemplate SortKey { get; }

    /// <summary>The global secondary indexes the entity fills.</summary>
    public IReadOnlyList<IndexKeyTemplate> Indexes { get; }

    /// <summary>The optimistic-concurrency version attribute, or <see langword="null"/>.</summary>
    public string? VersionAttributeName { get; }

    /// <summary>The time-to-live attribute, or <see langword="null"/>.</summary>
    public string? TimeToLiveAttributeName { get; }

    /// <summary>
    /// The entities that own this one's items from inside a user's partition (<see cref="DynamoOwnedByAttribute"/>),
    /// so deleting the user deletes them too. Empty unless the entity declares owners.
    /// </summary>
    public virtual IReadOnlyList<EntityOwnership> OwnedBy => [];

    /// <summary>Whether <paramref name="attributeName"/> is part of the primary key (and so cannot be updated in place).</summary>
    public bool IsPrimaryKeyAttribute(string attributeName) => _primaryKeyAttributes.Contains(attributeName);

    /// <summary>Decodes an item of this entity type.</summary>
    /// <exception cref="EntityMappingException">The item lacks a required attribute or holds a value of the wrong type.</exception>
    public abstract object FromItemAsObject(Dictionary<string, AttributeValue> item);

    /// <summary>Decodes an item of this entity type straight from a response body (see <see cref="EntityMapper{T}.FromJson"/>).</summary>
    /// <param name="reader">The reader, on the item's <see cref="System.Text.Json.JsonTokenType.StartObject"/>; left on its end.</param>
    /// <exception cref="EntityMappingException">The item lacks a required attribute or holds a value of the wrong type.</exception>
    public abstract object FromJsonAsObject(ref System.Text.Json.Utf8JsonReader reader);

    /// <summary>
    /// Whether <see cref="FromJsonAsObject"/> reads the same entity when started on the end of one of the item's
    /// reserved attributes (<c>PK</c>, <c>SK</c>, <c>_type</c>, <c>_wt</c>, <c>GSI{n}PK</c>, <c>GSI{n}SK</c>) that
    /// come first, instead of on the item's start. <see langword="true"/> for generated mappers (no property may be
    /// stored under a reserved name, so they skip those attributes anyway): the direct read path then goes on from
    /// the item's <c>_type</c> when only reserved attributes come before it, rather than reading them twice.
    /// <see langword="false"/> by default, as a hand-written mapper may read its keys.
    /// </summary>
    public virtual bool CanStartJsonAfterReservedAttributes => false;

    /// <summary>Builds the primary key of an entity of this type given as <see cref="object"/> (for example an item of a mixed query).</summary>
    /// <exception cref="ArgumentException"><paramref name="entity"/> is not of this entity type.</exception>
    public abstract PrimaryKey GetKeyAsObject(object entity);
}
