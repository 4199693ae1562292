using SaasUsers.Data.Tests.SaasModel;

namespace SaasUsers.Data.Tests.Organizations;

/// <summary>Users and organizations with fresh ids, for the organization tests.</summary>
internal static class OrganizationTestData
{
    public static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Signs up a user and creates an organization it owns, with <paramref name="seats"/> seats.</summary>
    public static async Task<(User Owner, Organization Organization)> CreateOrganizationAsync(SaasServices saas, int seats, CancellationToken cancellationToken)
    {
        var owner = await saas.SignUpAsync(NewId("owner"), cancellationToken);
        var organization = await saas.Organizations.CreateAsync(
            new NewOrganization { Slug = NewId("acme"), Name = "Acme Labs", OwnerUserId = owner.UserId, Seats = seats },
            cancellationToken);
        return (owner, organization);
    }
}
