namespace SaasUsers.Data.Identity.Items;

/// <summary>
/// An API key of a user, in the user's collection: listing is one query, deleting the user deletes the keys, and
/// the presented key names its own item (user and key id), so verifying it is one read. Only a SHA-256 of the
/// secret is stored.
/// </summary>
[DynamoEntity("USER#{UserId}", "APIKEY#{KeyId}", EntityType = "ApiKey")]
internal sealed partial record ApiKeyItem
{
    public required string UserId { get; init; }

    public required string KeyId { get; init; }

    public required string Name { get; init; }

    /// <summary>SHA-256 of the secret, base64.</summary>
    public required string SecretHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }

    [DynamoTimeToLive]
    public DateTimeOffset? ExpiresAt { get; init; }
}
