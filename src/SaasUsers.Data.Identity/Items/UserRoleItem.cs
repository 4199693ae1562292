namespace SaasUsers.Data.Identity.Items;

/// <summary>A user's membership of a role, keyed by the role's id (a rename changes nothing here); GSI1 lists a role's members.</summary>
[DynamoEntity("USER#{UserId}", "ROLE#{RoleId}", EntityType = "IdentityUserRole")]
[DynamoIndex(1, "ROLEUSERS#{RoleId}", "USER#{UserId}", Name = "ByRole")]
internal sealed partial record UserRoleItem
{
    public required string UserId { get; init; }

    public required string RoleId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
