namespace SaasUsers.Data.Identity.Items;

/// <summary>A role. Its version is Identity's role <c>ConcurrencyStamp</c>.</summary>
[DynamoEntity("ROLE#{RoleId}", "ROLE", EntityType = "IdentityRole")]
internal sealed partial record RoleItem
{
    public required string RoleId { get; init; }

    public required string Name { get; init; }

    public required string NormalizedName { get; init; }

    [DynamoVersion]
    public long Version { get; init; }
}
