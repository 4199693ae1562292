namespace SaasUsers.Data.Identity.Items;

/// <summary>
/// The sentinel that gives an external login (provider, key) one owner: created in the same transaction as the
/// user's <see cref="LoginItem"/>, and the strongly consistent way to find a user by login.
/// </summary>
[DynamoEntity("LOGIN#{LoginProvider}#{ProviderKey}", "LOGIN", EntityType = "IdentityLoginLookup")]
[DynamoOwnedBy(typeof(LoginItem))]
internal sealed partial record LoginLookupItem
{
    public required string LoginProvider { get; init; }

    public required string ProviderKey { get; init; }

    public required string UserId { get; init; }

    /// <summary>A copy of the user's Identity account as of its last save (a find by login is this one read).</summary>
    public AccountItem? Account { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
