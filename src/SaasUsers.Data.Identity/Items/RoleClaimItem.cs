namespace SaasUsers.Data.Identity.Items;

/// <summary>A claim of a role, in the role's collection, keyed by a hash of (type, value).</summary>
[DynamoEntity("ROLE#{RoleId}", "CLAIM#{ClaimHash}", EntityType = "IdentityRoleClaim")]
internal sealed partial record RoleClaimItem
{
    public required string RoleId { get; init; }

    public required string ClaimHash { get; init; }

    public required string ClaimType { get; init; }

    public required string ClaimValue { get; init; }
}
