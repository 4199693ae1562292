using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data.Mapping;

/// <summary>
/// A stored property of an entity, named for partial updates and conditions without reflection:
/// the generator emits one per property in the entity's nested <c>Fields</c> class
/// (for example <c>User.Fields.DisplayName</c>).
/// </summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
/// <typeparam name="TValue">The property type.</typeparam>
public sealed class EntityField<TEntity, TValue>
    where TEntity : class, IDynamoEntity<TEntity>
{
    private readonly Func<TValue, AttributeValue?> _toAttributeValue;

    /// <summary>Creates the field.</summary>
    /// <param name="attributeName">The stored attribute name.</param>
    /// <param name="toAttributeValue">Converts a value the way the entity's mapper stores it (null means absent).</param>
    public EntityField(string attributeName, Func<TValue, AttributeValue?> toAttributeValue)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(attributeName);
        AttributeName = attributeName;
        _toAttributeValue = toAttributeValue ?? throw new ArgumentNullException(nameof(toAttributeValue));
    }

    /// <summary>The stored attribute name.</summary>
    public string AttributeName { get; }

    /// <summary>Converts a value the way the entity's mapper stores it; <see langword="null"/> means the attribute is absent.</summary>
    public AttributeValue? ToAttributeValue(TValue value) => _toAttributeValue(value);

    /// <inheritdoc />
    public override string ToString() => AttributeName;
}
