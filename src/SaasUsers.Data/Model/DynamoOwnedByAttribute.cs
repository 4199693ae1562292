namespace SaasUsers.Data;

/// <summary>
/// Declares that an entity kept outside its user's partition (a login sentinel, an API key lookup, a membership
/// under an organization) belongs to the user through <see cref="Owner"/>, an entity stored in the user's
/// partition (<c>USER#{UserId}</c>): the owned entity's key is built from the owner's properties of the same names.
/// Deleting the user (<see cref="IUserRepository.DeleteAsync"/>) reads the user's partition and deletes, for every
/// owner item found, the item it owns, so nothing that belongs to the user survives it.
/// </summary>
/// <remarks>
/// For example the e-mail sentinel <c>EMAIL#{NormalizedEmail}</c> is owned by <see cref="User"/> (which has
/// <c>NormalizedEmail</c>), and the checkout record <c>CHECKOUT#{PaymentProvider}#{CheckoutSessionId}</c> by
/// <see cref="CheckoutPayment"/>. The generator checks that the owner is an entity with every key property, of the
/// same type (SUD016). When an owner's property is <see langword="null"/>, it owns no item.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = true)]
public sealed class DynamoOwnedByAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="owner">The entity type, stored in the user's partition, whose items own this entity's items.</param>
    public DynamoOwnedByAttribute(Type owner) => Owner = owner;

    /// <summary>The owning entity type.</summary>
    public Type Owner { get; }
}
