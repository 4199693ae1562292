namespace SaasUsers.Data.Identity.Items;

/// <summary>
/// The sentinel that makes a normalized user name unique (created with <c>attribute_not_exists</c> in the same
/// transaction as the user, swapped in one transaction on a rename), and the strongly consistent way to find a user by name.
/// </summary>
[DynamoEntity("USERNAME#{NormalizedUserName}", "USERNAME", EntityType = "IdentityUserName")]
internal sealed partial record UserNameItem
{
    public required string NormalizedUserName { get; init; }

    public required string UserId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
