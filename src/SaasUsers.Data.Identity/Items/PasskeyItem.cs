namespace SaasUsers.Data.Identity.Items;

/// <summary>
/// A passkey (WebAuthn credential) of a user, keyed by a hash of the credential id (ids may be up to 1023 bytes,
/// more than a sort key holds). Byte values are stored as base64url text.
/// </summary>
[DynamoEntity("USER#{UserId}", "PASSKEY#{CredentialHash}", EntityType = "IdentityPasskey")]
internal sealed partial record PasskeyItem
{
    public required string UserId { get; init; }

    public required string CredentialHash { get; init; }

    public required string CredentialId { get; init; }

    public required string PublicKey { get; init; }

    public string? Name { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public long SignCount { get; init; }

    public List<string>? Transports { get; init; }

    public bool IsUserVerified { get; init; }

    public bool IsBackupEligible { get; init; }

    public bool IsBackedUp { get; init; }

    public required string AttestationObject { get; init; }

    public required string ClientDataJson { get; init; }
}
