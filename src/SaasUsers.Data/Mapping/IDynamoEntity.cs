namespace SaasUsers.Data.Mapping;

/// <summary>
/// An entity stored in the single table. The source generator implements it for every
/// <see cref="DynamoEntityAttribute"/> type; it can also be implemented by hand.
/// </summary>
/// <typeparam name="TSelf">The entity type itself.</typeparam>
public interface IDynamoEntity<TSelf>
    where TSelf : class, IDynamoEntity<TSelf>
{
    /// <summary>The mapper that converts the entity to and from an item and builds its keys.</summary>
    static abstract EntityMapper<TSelf> Mapper { get; }
}
