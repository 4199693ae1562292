namespace SaasUsers.Data.Identity.Items;

/// <summary>The sentinel that makes a normalized role name unique and finds the role by name.</summary>
[DynamoEntity("ROLENAME#{NormalizedName}", "ROLENAME", EntityType = "IdentityRoleName")]
internal sealed partial record RoleNameItem
{
    public required string NormalizedName { get; init; }

    public required string RoleId { get; init; }
}
