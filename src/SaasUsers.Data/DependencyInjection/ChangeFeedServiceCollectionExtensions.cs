using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SaasUsers.Data;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the change feed, the daily stats and the activity log (call <c>AddSaasUsersTable</c> too).</summary>
public static class ChangeFeedServiceCollectionExtensions
{
    /// <summary>
    /// Adds the change feed: <see cref="TableStreamClient"/>, <see cref="TableChangeReader"/> and the hosted
    /// <see cref="ChangeFeedConsumer"/>, which delivers the table's changes to every registered
    /// <see cref="ITableChangeHandler"/>. Turns on <see cref="SaasUsersTableOptions.EnableStream"/>. The Streams API is
    /// signed with a registered <see cref="AWSCredentials"/> when there is one, fixed local credentials for a loopback
    /// service URL (as the package's DynamoDB client), else the SDK's default chain. Safe to call again.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the consumer's options, if any.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSaasUsersChangeFeed(this IServiceCollection services, Action<ChangeFeedOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ChangeFeedOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(ChangeFeedMarker)))
        {
            return services;
        }

        services.AddSingleton<ChangeFeedMarker>();
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChangeFeedOptions>, ChangeFeedOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChangeFeedOptions>, ChangeFeedOptionsRules>());
        services.Configure<SaasUsersTableOptions>(o => o.EnableStream = true);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StreamsHttpClient>();
        services.TryAddSingleton(sp =>
        {
            var dynamoDb = sp.GetRequiredService<IAmazonDynamoDB>();
            var table = sp.GetRequiredService<IOptions<SaasUsersTableOptions>>().Value;
            var credentials = sp.GetService<AWSCredentials>()
                ?? (table.ServiceUrl is { } url && DynamoDbClientFactory.IsLoopback(url) ? DynamoDbClientFactory.LoopbackCredentials : null);
            return new TableStreamClient(sp.GetRequiredService<StreamsHttpClient>().Client, dynamoDb, credentials, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(sp => new TableChangeReader(sp.GetRequiredService<TableModel>()));
        services.TryAddSingleton(sp => new ChangeFeedConsumer(
            sp.GetRequiredService<TableStreamClient>(),
            sp.GetRequiredService<IEntityTable>(),
            sp.GetRequiredService<IAmazonDynamoDB>(),
            sp.GetRequiredService<TableChangeReader>(),
            sp.GetServices<ITableChangeHandler>(),
            sp.GetRequiredService<IOptions<ChangeFeedOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<ChangeFeedConsumer>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ChangeFeedHostedService>());
        return services;
    }

    /// <summary>Adds a handler that receives every batch of changes (a singleton; see <see cref="ITableChangeHandler"/>).</summary>
    /// <typeparam name="THandler">The handler.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSaasUsersChangeHandler<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IServiceCollection services)
        where THandler : class, ITableChangeHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITableChangeHandler, THandler>());
        return services;
    }

    /// <summary>
    /// Adds the daily stats: <see cref="DailyStatsUpdater"/> as a change handler and <see cref="IDailyStatsRepository"/>
    /// to read and rebuild them. Adds the change feed too.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the stats options, if any.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSaasUsersDailyStats(this IServiceCollection services, Action<DailyStatsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddSaasUsersChangeFeed(services);
        var options = services.AddOptions<DailyStatsOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DailyStatsOptions>, DailyStatsOptionsValidator>());
        services.TryAddSingleton(sp => new DailyStatsUpdater(sp.GetRequiredService<IAmazonDynamoDB>(), sp.GetRequiredService<IEntityTable>(), sp.GetRequiredService<IOptions<DailyStatsOptions>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITableChangeHandler, DailyStatsUpdater>(sp => sp.GetRequiredService<DailyStatsUpdater>()));
        services.TryAddSingleton<IDailyStatsRepository>(sp => new DailyStatsRepository(sp.GetRequiredService<IEntityTable>(), sp.GetRequiredService<IAmazonDynamoDB>()));
        return services;
    }

    /// <summary>
    /// Adds the activity log: <see cref="ActivityLogWriter"/> as a change handler and <see cref="IActivityLog"/> to
    /// read it. Adds the change feed too.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the log's options (retention), if any.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSaasUsersActivityLog(this IServiceCollection services, Action<ActivityLogOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddSaasUsersChangeFeed(services);
        var options = services.AddOptions<ActivityLogOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ActivityLogOptions>, ActivityLogOptionsRules>());
        services.TryAddSingleton(sp => new ActivityLogWriter(sp.GetRequiredService<IEntityTable>(), sp.GetRequiredService<IOptions<ActivityLogOptions>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITableChangeHandler, ActivityLogWriter>(sp => sp.GetRequiredService<ActivityLogWriter>()));
        services.TryAddSingleton<IActivityLog>(sp => new ActivityLog(sp.GetRequiredService<IEntityTable>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}

/// <summary>Marks a service collection that already holds the change feed's services.</summary>
internal sealed class ChangeFeedMarker
{
}

/// <summary>The HTTP client the Streams API client sends with, owned by the container (disposed with it).</summary>
internal sealed class StreamsHttpClient : IDisposable
{
    public HttpClient Client { get; } = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose() => Client.Dispose();
}

/// <summary>Runs the registered <see cref="ChangeFeedConsumer"/> as the host's background service.</summary>
internal sealed class ChangeFeedHostedService : IHostedService
{
    private readonly ChangeFeedConsumer _consumer;

    public ChangeFeedHostedService(ChangeFeedConsumer consumer) => _consumer = consumer;

    public Task StartAsync(CancellationToken cancellationToken) => _consumer.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _consumer.StopAsync(cancellationToken);
}
