namespace SaasUsers.Data.Identity.Items;

/// <summary>An external login of a user, in the user's collection (listing a user's logins is one query).</summary>
[DynamoEntity("USER#{UserId}", "LOGIN#{LoginProvider}#{ProviderKey}", EntityType = "IdentityLogin")]
internal sealed partial record LoginItem
{
    public required string UserId { get; init; }

    public required string LoginProvider { get; init; }

    public required string ProviderKey { get; init; }

    public string? ProviderDisplayName { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
