namespace SaasUsers.Data;

/// <summary>
/// The roles the package knows. An application adds its own role names with
/// <see cref="SaasUsersTableOptions.OrganizationRoles"/>; any other role is refused.
/// </summary>
public static class OrganizationRoles
{
    /// <summary>Owns the organization: an organization always has at least one.</summary>
    public const string Owner = "owner";

    /// <summary>Manages members and invitations (what an admin may do is the application's rule).</summary>
    public const string Admin = "admin";

    /// <summary>An ordinary member.</summary>
    public const string Member = "member";
}
