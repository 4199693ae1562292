namespace SaasUsers.Data.Identity.Items;

/// <summary>The sentinel that gives a passkey credential id one owner and finds its user with one strongly consistent read.</summary>
[DynamoEntity("PASSKEY#{CredentialHash}", "PASSKEY", EntityType = "IdentityPasskeyLookup")]
internal sealed partial record PasskeyLookupItem
{
    public required string CredentialHash { get; init; }

    public required string UserId { get; init; }
}
