namespace SaasUsers.Data.Identity.Items;

/// <summary>The sentinel that gives a passkey credential id one owner and finds its user with one strongly consistent read.</summary>
[DynamoEntity("PASSKEY#{CredentialHash}", "PASSKEY", EntityType = "IdentityPasskeyLookup")]
[DynamoOwnedBy(typeof(PasskeyItem))]
internal sealed partial record PasskeyLookupItem
{
    public required string CredentialHash { get; init; }

    public required string UserId { get; init; }

    /// <summary>A copy of the user's Identity account as of its last save (a find by passkey is this one read).</summary>
    public AccountItem? Account { get; init; }
}
