using System.Diagnostics.CodeAnalysis;
using Amazon.DynamoDBv2;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SaasUsers.Data;
using SaasUsers.Data.Mapping;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SaasUsers table, its repositories and its provisioner.</summary>
public static class SaasUsersServiceCollectionExtensions
{
    /// <summary>
    /// Adds the SaasUsers table configured in code. Registers <see cref="IEntityTable"/>, the repositories
    /// (<see cref="IUserRepository"/>, <see cref="ISubscriptionRepository"/>, <see cref="ICheckoutPaymentRepository"/>,
    /// <see cref="IAccountRepository"/>, <see cref="IOrganizationRepository"/>, <see cref="IInvitationRepository"/>), <see cref="ITableProvisioner"/>, a <see cref="TimeProvider"/>, an
    /// <see cref="IAmazonDynamoDB"/> built from the options (only when none is registered), <see cref="ITableBackfill"/>, <see cref="ITableTransfer"/>,
    /// <see cref="ITableMigrator"/> (with the migrations of <c>AddSaasUsersMigration</c>), and a hosted service that
    /// ensures the table at start-up when <see cref="SaasUsersTableOptions.EnsureTableOnStartup"/> is on and then runs
    /// the migrations when <see cref="SaasUsersTableOptions.RunMigrationsOnStartup"/> is on.
    /// Options are validated when the host starts. Calling it again adds only the new configuration.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSaasUsersTable(this IServiceCollection services, Action<SaasUsersTableOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SaasUsersTableOptions>().Configure(configure);
        return AddCore(services);
    }

    /// <summary>
    /// Adds the SaasUsers table configured from a configuration section (for example
    /// <c>builder.Configuration.GetSection("SaasUsers")</c>); see the other overload for what is registered.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSaasUsersTable(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SaasUsersTableOptions>().Configure(options => SaasUsersTableOptionsBinder.Bind(configuration, options));
        return AddCore(services);
    }

    /// <summary>Adds an application entity type to the table model, next to the package's own.</summary>
    /// <typeparam name="T">A <see cref="DynamoEntityAttribute"/> type.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSaasUsersEntity<T>(this IServiceCollection services)
        where T : class, IDynamoEntity<T>
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(new EntityRegistration(T.Mapper));
        return services;
    }

    /// <summary>
    /// Adds a migration that <see cref="ITableMigrator"/> applies (once, in version order); built by the container,
    /// so its constructor may take services. Adding the same type twice has no effect.
    /// </summary>
    /// <typeparam name="TMigration">The migration type.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSaasUsersMigration<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TMigration>(this IServiceCollection services)
        where TMigration : TableMigration
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<TableMigration, TMigration>());
        return services;
    }

    /// <summary>Adds a migration instance that <see cref="ITableMigrator"/> applies (once, in version order).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="migration">The migration.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSaasUsersMigration(this IServiceCollection services, TableMigration migration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(migration);
        services.AddSingleton(migration);
        return services;
    }

    /// <summary>Adds a health check that reports whether the table is ACTIVE.</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">The status to report when the table is not ACTIVE; unhealthy when null.</param>
    /// <param name="tags">Tags to filter checks by.</param>
    /// <returns>The health checks builder.</returns>
    public static IHealthChecksBuilder AddSaasUsersTable(this IHealthChecksBuilder builder, string name = "saasusers-table", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddCheck<SaasUsersTableHealthCheck>(name, failureStatus, tags ?? []);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        // A second call only adds its configuration: the services are registered once.
        if (services.Any(d => d.ServiceType == typeof(SaasUsersTableMarker)))
        {
            return services;
        }

        services.AddSingleton<SaasUsersTableMarker>();
        services.AddOptions<SaasUsersTableOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SaasUsersTableOptions>, SaasUsersTableOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SaasUsersTableOptions>, SaasUsersTableOptionsRules>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAmazonDynamoDB>(sp => DynamoDbClientFactory.Create(Options(sp)));
        services.TryAddSingleton(sp =>
        {
            var builder = SaasUsersModel.CreateBuilder();
            foreach (var registration in sp.GetServices<EntityRegistration>())
            {
                builder.Add(registration.Mapper);
            }

            return builder.Build();
        });
        services.TryAddSingleton(sp => new EntityTable(
            sp.GetRequiredService<IAmazonDynamoDB>(),
            sp.GetRequiredService<TableModel>(),
            Options(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<EntityTable>>()));
        services.TryAddSingleton<IEntityTable>(sp => sp.GetRequiredService<EntityTable>());
        // The repositories depend on the public IEntityTable only, so an application that decorates or replaces
        // IEntityTable (before this call) gets repositories on its table.
        services.TryAddSingleton(sp => new SaasUsersRepositories(sp.GetRequiredService<IEntityTable>(), Options(sp), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => sp.GetRequiredService<SaasUsersRepositories>().Users);
        services.TryAddSingleton(sp => sp.GetRequiredService<SaasUsersRepositories>().Subscriptions);
        services.TryAddSingleton(sp => sp.GetRequiredService<SaasUsersRepositories>().CheckoutPayments);
        services.TryAddSingleton(sp => sp.GetRequiredService<SaasUsersRepositories>().Accounts);
        services.TryAddSingleton(sp => sp.GetRequiredService<SaasUsersRepositories>().Organizations);
        services.TryAddSingleton(sp => sp.GetRequiredService<SaasUsersRepositories>().Invitations);
        services.TryAddSingleton<ITableProvisioner>(sp => new TableProvisioner(
            sp.GetRequiredService<IAmazonDynamoDB>(),
            sp.GetRequiredService<TableModel>(),
            Options(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<TableProvisioner>>()));
        services.TryAddSingleton<ITableBackfill>(sp => new TableBackfill(
            sp.GetRequiredService<IEntityTable>(),
            sp.GetRequiredService<ITableProvisioner>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<TableBackfill>>()));
        services.TryAddSingleton<ITableTransfer>(sp => new TableTransfer(
            sp.GetRequiredService<IEntityTable>(),
            sp.GetRequiredService<ITableProvisioner>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<TableTransfer>>()));
        services.TryAddSingleton<ITableMigrator>(sp => new TableMigrator(
            sp.GetRequiredService<IEntityTable>(),
            sp.GetServices<TableMigration>(),
            Options(sp),
            sp.GetRequiredService<ITableBackfill>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<TableMigrator>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EnsureTableHostedService>());
        return services;
    }

    private static SaasUsersTableOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<SaasUsersTableOptions>>().Value;
}

/// <summary>Marks a service collection that already holds the SaasUsers table's services.</summary>
internal sealed class SaasUsersTableMarker
{
}
