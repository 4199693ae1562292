using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SaasUsers.Data;
using SaasUsers.Data.Identity;
using SaasUsers.Data.Identity.Items;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Puts ASP.NET Core Identity and API keys on the SaasUsers table.</summary>
public static class SaasUsersIdentityBuilderExtensions
{
    /// <summary>
    /// Stores Identity's users (and roles, when the builder has a role type) in the SaasUsers table registered with
    /// <c>AddSaasUsersTable</c>: <see cref="SaasUserStore"/>, <see cref="SaasRoleStore"/>, the
    /// <see cref="SaasUsersLookupNormalizer"/> (so Identity's normalized e-mail is the table's), unique e-mail
    /// addresses (<c>RequireUniqueEmail</c>: the table keeps addresses unique anyway), the Identity entity types in
    /// the table model, and <see cref="IApiKeyRepository"/>. The registered <see cref="IUserRepository"/> then
    /// changes an Identity user's e-mail address together with the Identity account's copies (see the package's
    /// README). Call it after <c>AddRoles</c>.
    /// </summary>
    /// <param name="builder">
    /// The builder of <c>AddIdentity&lt;SaasIdentityUser, SaasIdentityRole&gt;()</c> or
    /// <c>AddIdentityCore&lt;SaasIdentityUser&gt;()</c>.
    /// </param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">The user type is not <see cref="SaasIdentityUser"/>, or the role type not <see cref="SaasIdentityRole"/>.</exception>
    public static IdentityBuilder AddSaasUsersStores(this IdentityBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.UserType != typeof(SaasIdentityUser))
        {
            throw new InvalidOperationException(
                $"AddSaasUsersStores stores users of type {nameof(SaasIdentityUser)}, but Identity was added for {builder.UserType.Name}; use AddIdentity<SaasIdentityUser, SaasIdentityRole>() or AddIdentityCore<SaasIdentityUser>().");
        }

        if (builder.RoleType is not null && builder.RoleType != typeof(SaasIdentityRole))
        {
            throw new InvalidOperationException(
                $"AddSaasUsersStores stores roles of type {nameof(SaasIdentityRole)}, but Identity was added with roles of type {builder.RoleType.Name}.");
        }

        var services = builder.Services;
        services.TryAddScoped<IUserStore<SaasIdentityUser>>(sp => new SaasUserStore(
            sp.GetRequiredService<IEntityTable>(),
            sp.GetRequiredService<IUserRepository>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<IdentityErrorDescriber>()));
        if (builder.RoleType is not null)
        {
            services.TryAddScoped<IRoleStore<SaasIdentityRole>>(sp => new SaasRoleStore(sp.GetRequiredService<IEntityTable>(), sp.GetService<IdentityErrorDescriber>()));
        }

        // E-mail changes through IUserRepository keep the copies of the Identity account on its sentinels in step.
        services.Replace(ServiceDescriptor.Singleton<IUserRepository>(sp => new IdentityUserRepository(
            sp.GetRequiredService<SaasUsersRepositories>().Users,
            sp.GetRequiredService<IEntityTable>(),
            sp.GetService<TimeProvider>())));
        services.Replace(ServiceDescriptor.Scoped<ILookupNormalizer, SaasUsersLookupNormalizer>());
        services.Configure<IdentityOptions>(options => options.User.RequireUniqueEmail = true);
        services.AddSaasUsersApiKeys();
        return builder;
    }

    /// <summary>
    /// Registers <see cref="IApiKeyRepository"/> (API keys for machine access, stored in the users' collections)
    /// and the entity types it stores. Needs <c>AddSaasUsersTable</c>. Safe to call more than once.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSaasUsersApiKeys(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(SaasUsersIdentityMarker)))
        {
            return services;
        }

        services.AddSingleton<SaasUsersIdentityMarker>();
        services.AddSaasUsersEntity<AccountItem>();
        services.AddSaasUsersEntity<UserNameItem>();
        services.AddSaasUsersEntity<LoginItem>();
        services.AddSaasUsersEntity<LoginLookupItem>();
        services.AddSaasUsersEntity<ClaimItem>();
        services.AddSaasUsersEntity<TokenItem>();
        services.AddSaasUsersEntity<UserRoleItem>();
        services.AddSaasUsersEntity<PasskeyItem>();
        services.AddSaasUsersEntity<PasskeyLookupItem>();
        services.AddSaasUsersEntity<RoleItem>();
        services.AddSaasUsersEntity<RoleNameItem>();
        services.AddSaasUsersEntity<RoleClaimItem>();
        services.AddSaasUsersEntity<ApiKeyItem>();
        services.AddSaasUsersEntity<EmailCopyItem>();
        services.TryAddSingleton<IApiKeyRepository>(sp => new ApiKeyRepository(sp.GetRequiredService<IEntityTable>(), sp.GetService<TimeProvider>()));
        return services;
    }
}

/// <summary>Marks a service collection that already holds the Identity package's entity types and API keys.</summary>
internal sealed class SaasUsersIdentityMarker
{
}
