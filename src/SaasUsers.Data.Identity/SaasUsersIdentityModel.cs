using SaasUsers.Data.Identity.Items;

namespace SaasUsers.Data.Identity;

/// <summary>The entity types SaasUsers.Data.Identity stores in the table.</summary>
public static class SaasUsersIdentityModel
{
    /// <summary>
    /// Adds the Identity and API-key entity types to a table model (for a model built by hand, such as a test
    /// kit fixture's; <c>AddSaasUsersStores</c> adds them to the application's model itself). They use only GSI1
    /// and the table's <c>ExpiresAt</c> time to live, which the package's own model already has.
    /// </summary>
    /// <param name="model">The model builder.</param>
    /// <returns>The model builder.</returns>
    public static TableModelBuilder AddSaasUsersIdentity(this TableModelBuilder model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (var mapper in Mappers)
        {
            model.Add(mapper);
        }

        return model;
    }

    internal static IReadOnlyList<Mapping.EntityMapper> Mappers { get; } =
    [
        AccountItem.Mapper,
        UserNameItem.Mapper,
        LoginItem.Mapper,
        LoginLookupItem.Mapper,
        ClaimItem.Mapper,
        TokenItem.Mapper,
        UserRoleItem.Mapper,
        PasskeyItem.Mapper,
        PasskeyLookupItem.Mapper,
        RoleItem.Mapper,
        RoleNameItem.Mapper,
        RoleClaimItem.Mapper,
        ApiKeyItem.Mapper,
        EmailCopyItem.Mapper,
    ];
}
