namespace SaasUsers.Data.Identity.Items;

/// <summary>
/// The sentinel that makes a normalized user name unique (created with <c>attribute_not_exists</c> in the same
/// transaction as the user, swapped in one transaction on a rename), and the strongly consistent way to find a user by name.
/// </summary>
[DynamoEntity("USERNAME#{NormalizedUserName}", "USERNAME", EntityType = "IdentityUserName")]
[DynamoOwnedBy(typeof(AccountItem))]
internal sealed partial record UserNameItem
{
    public required string NormalizedUserName { get; init; }

    public required string UserId { get; init; }

    /// <summary>A copy of the user's Identity account as of its last save (a find by name is this one read).</summary>
    public AccountItem? Account { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
