namespace SaasUsers.Data.Identity.Items;

/// <summary>An authentication token of a user (for example an external provider's refresh token).</summary>
[DynamoEntity("USER#{UserId}", "TOKEN#{LoginProvider}#{Name}", EntityType = "IdentityToken")]
internal sealed partial record TokenItem
{
    public required string UserId { get; init; }

    public required string LoginProvider { get; init; }

    public required string Name { get; init; }

    public string? Value { get; init; }
}
