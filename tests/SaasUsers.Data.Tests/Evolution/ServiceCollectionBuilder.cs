using Amazon.DynamoDBv2;
using Microsoft.Extensions.DependencyInjection;

namespace SaasUsers.Data.Tests.Evolution;

/// <summary>AddSaasUsersTable with the given options on a client the test owns (it is not disposed with the services).</summary>
internal sealed class ServiceCollectionBuilder(IAmazonDynamoDB client, SaasUsersTableOptions options)
{
    public Services Build(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        // An instance the container did not create is not disposed with it: the test keeps its client.
        services.AddSingleton(client);
        services.AddSaasUsersTable(o =>
        {
            o.TableName = options.TableName;
            o.SstResourceName = options.SstResourceName;
            o.ServiceUrl = options.ServiceUrl;
            o.Region = options.Region;
            o.CursorSigningKey = options.CursorSigningKey;
            o.TableActiveTimeout = options.TableActiveTimeout;
            o.IndexActiveTimeout = options.IndexActiveTimeout;
            o.MigrationLeaseDuration = options.MigrationLeaseDuration;
            o.MigrationLeaseWaitTimeout = options.MigrationLeaseWaitTimeout;
        });
        configure?.Invoke(services);
        return new Services(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
    }

    /// <summary>The services a test uses.</summary>
    public sealed class Services(ServiceProvider provider) : IAsyncDisposable
    {
        public IServiceProvider Provider => provider;

        public IEntityTable Table => provider.GetRequiredService<IEntityTable>();

        public IUserRepository Users => provider.GetRequiredService<IUserRepository>();

        public ISubscriptionRepository Subscriptions => provider.GetRequiredService<ISubscriptionRepository>();

        public ICheckoutPaymentRepository Payments => provider.GetRequiredService<ICheckoutPaymentRepository>();

        public IAccountRepository Accounts => provider.GetRequiredService<IAccountRepository>();

        public ITableBackfill Backfill => provider.GetRequiredService<ITableBackfill>();

        public ITableMigrator Migrator => provider.GetRequiredService<ITableMigrator>();

        public ITableTransfer Transfer => provider.GetRequiredService<ITableTransfer>();

        public ValueTask DisposeAsync() => provider.DisposeAsync();
    }
}

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread, so a test sees every report before the call returns.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
