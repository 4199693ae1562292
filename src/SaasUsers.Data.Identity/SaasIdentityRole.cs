using Microsoft.AspNetCore.Identity;

namespace SaasUsers.Data.Identity;

/// <summary>
/// A role stored in the SaaS table. <see cref="IdentityRole{TKey}.ConcurrencyStamp"/> is the stored version: an
/// update or delete with a stale stamp fails with Identity's <c>ConcurrencyFailure</c>.
/// </summary>
public class SaasIdentityRole : IdentityRole
{
    /// <summary>Creates a role with a new id.</summary>
    public SaasIdentityRole()
    {
        Id = Guid.NewGuid().ToString("N");
    }

    /// <summary>Creates a role with the given name and a new id.</summary>
    /// <param name="roleName">The role name.</param>
    public SaasIdentityRole(string roleName)
        : this()
    {
        Name = roleName;
    }

    /// <summary>The role name's normalized form as stored, to swap its sentinel on a rename.</summary>
    internal string? StoredNormalizedName { get; set; }

    /// <summary>Claims added since the last save.</summary>
    internal List<(string Type, string Value)> ClaimsToAdd { get; } = [];

    /// <summary>Claims removed since the last save.</summary>
    internal List<(string Type, string Value)> ClaimsToRemove { get; } = [];
}
