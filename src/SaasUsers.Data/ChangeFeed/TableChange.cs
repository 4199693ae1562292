using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Mapping;

namespace SaasUsers.Data;

/// <summary>What happened to an item.</summary>
public enum TableChangeKind
{
    /// <summary>The item was created.</summary>
    Inserted,

    /// <summary>The item was changed.</summary>
    Modified,

    /// <summary>The item was deleted by a request.</summary>
    Removed,

    /// <summary>The item was deleted by DynamoDB's time to live (on AWS a <c>REMOVE</c> by the service; on DynamoDB Local <c>UNKNOWN_TO_SDK_VERSION</c>).</summary>
    Expired,
}

/// <summary>What kind of item a change is about.</summary>
public enum TableItemRole
{
    /// <summary>An entity of the model (a user, a subscription, a payment, an application entity).</summary>
    Entity,

    /// <summary>
    /// A lookup item the package keeps next to an entity: the e-mail sentinel (<see cref="EmailLookup"/>) or a
    /// checkout idempotency record (<see cref="CheckoutRecord"/>). Its changes mirror those of the entity.
    /// </summary>
    Lookup,

    /// <summary>An item the change feed itself writes (stream checkpoints, daily stats counters, activity entries): handlers that derive data from changes skip these.</summary>
    Feed,

    /// <summary>An item without an entity type the model knows.</summary>
    Unknown,
}

/// <summary>
/// One stream record decoded: what happened (<see cref="Kind"/>), to which item (<see cref="Key"/>,
/// <see cref="EntityType"/>), and the entity before and after, decoded by the generated mappers.
/// </summary>
public sealed class TableChange
{
    internal TableChange(StreamChangeRecord record, TableChangeKind kind, PrimaryKey key, string? entityType, TableItemRole role, object? oldEntity, object? newEntity, EntityMappingException? mappingError)
    {
        Record = record;
        Kind = kind;
        Key = key;
        EntityType = entityType;
        Role = role;
        OldEntity = oldEntity;
        NewEntity = newEntity;
        MappingError = mappingError;
    }

    /// <summary>The record as it came from the stream.</summary>
    public StreamChangeRecord Record { get; }

    /// <summary>What happened.</summary>
    public TableChangeKind Kind { get; }

    /// <summary>The item's primary key.</summary>
    public PrimaryKey Key { get; }

    /// <summary>The stored entity type name (<c>_type</c>), or <see langword="null"/> for an item without one.</summary>
    public string? EntityType { get; }

    /// <summary>What kind of item this is.</summary>
    public TableItemRole Role { get; }

    /// <summary>The entity before the change (for <see cref="TableChangeKind.Modified"/>, <see cref="TableChangeKind.Removed"/>, <see cref="TableChangeKind.Expired"/>), or <see langword="null"/>.</summary>
    public object? OldEntity { get; }

    /// <summary>The entity after the change (for <see cref="TableChangeKind.Inserted"/> and <see cref="TableChangeKind.Modified"/>), or <see langword="null"/>.</summary>
    public object? NewEntity { get; }

    /// <summary>Why an image of a known entity type could not be decoded, or <see langword="null"/>; the entity is then <see langword="null"/>.</summary>
    public EntityMappingException? MappingError { get; }

    /// <summary>The record's sequence number (increasing within its shard; the key of idempotent processing).</summary>
    public string SequenceNumber => Record.SequenceNumber;

    /// <summary>When the change was made, as DynamoDB reports it (to the second on AWS, the minute on DynamoDB Local).</summary>
    public DateTimeOffset ApproximateCreationTime => Record.ApproximateCreationTime;

    /// <summary>Whether the change is about an entity of type <typeparamref name="T"/>.</summary>
    public bool Is<T>()
        where T : class, IDynamoEntity<T> =>
        EntityType == T.Mapper.EntityType;

    /// <summary>The entity before the change as <typeparamref name="T"/>, or <see langword="null"/>.</summary>
    public T? OldAs<T>()
        where T : class, IDynamoEntity<T> =>
        OldEntity as T;

    /// <summary>The entity after the change as <typeparamref name="T"/>, or <see langword="null"/>.</summary>
    public T? NewAs<T>()
        where T : class, IDynamoEntity<T> =>
        NewEntity as T;

    /// <summary>Describes the change without any attribute value.</summary>
    public override string ToString() => $"{Kind} {EntityType ?? "(unknown)"} at {SequenceNumber}";

    internal static string? ReadString(IReadOnlyDictionary<string, AttributeValue>? item, string name) =>
        item is not null && item.TryGetValue(name, out var value) ? value.S : null;
}
