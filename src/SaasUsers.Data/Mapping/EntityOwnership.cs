namespace SaasUsers.Data.Mapping;

/// <summary>
/// How one owner entity type points at an owned entity's item (see <see cref="DynamoOwnedByAttribute"/>): the
/// generator emits one per <c>[DynamoOwnedBy]</c> in <see cref="EntityMapper.OwnedBy"/>.
/// </summary>
public sealed class EntityOwnership
{
    private readonly Func<object, PrimaryKey?> _keyOf;

    private EntityOwnership(Type ownerType, Func<object, PrimaryKey?> keyOf)
    {
        OwnerType = ownerType;
        _keyOf = keyOf;
    }

    /// <summary>The owning entity type.</summary>
    public Type OwnerType { get; }

    /// <summary>Describes ownership by <typeparamref name="TOwner"/>.</summary>
    /// <typeparam name="TOwner">The owning entity type.</typeparam>
    /// <param name="keyOf">Builds the owned item's key from an owner, or <see langword="null"/> when the owner owns none.</param>
    /// <returns>The description.</returns>
    public static EntityOwnership Create<TOwner>(Func<TOwner, PrimaryKey?> keyOf)
        where TOwner : class
    {
        ArgumentNullException.ThrowIfNull(keyOf);
        return new EntityOwnership(typeof(TOwner), owner => owner is TOwner typed ? keyOf(typed) : null);
    }

    /// <summary>The key of the item <paramref name="owner"/> owns, or <see langword="null"/> when it owns none (or is not an owner of this kind).</summary>
    /// <param name="owner">An entity of <see cref="OwnerType"/>.</param>
    public PrimaryKey? KeyOwnedBy(object owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return _keyOf(owner);
    }
}
