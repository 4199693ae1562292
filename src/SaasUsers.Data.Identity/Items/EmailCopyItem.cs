namespace SaasUsers.Data.Identity.Items;

/// <summary>
/// The Identity account beside the core's e-mail sentinel (<see cref="EmailLookup"/>, <c>EMAIL#{address}</c> /
/// <c>EMAIL</c>): one strongly consistent <c>Query</c> of the address's partition returns both, so finding a user by
/// e-mail is one request. The sentinel stays the arbiter of who holds the address: the copy counts only while it
/// names the sentinel's user (the address can change through <see cref="IUserRepository"/>, which writes the
/// sentinel alone). Owned by the <see cref="User"/> (same address): deleting the user deletes it.
/// </summary>
[DynamoEntity("EMAIL#{NormalizedEmail}", "EMAIL#IDENTITY", EntityType = "IdentityEmailCopy")]
[DynamoOwnedBy(typeof(User))]
internal sealed partial record EmailCopyItem
{
    public required string NormalizedEmail { get; init; }

    public required string UserId { get; init; }

    /// <summary>The user's Identity account as of its last save.</summary>
    public required AccountItem Account { get; init; }
}
