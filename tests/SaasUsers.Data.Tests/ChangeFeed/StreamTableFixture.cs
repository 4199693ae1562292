using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.ChangeFeed;

/// <summary>
/// A fresh table whose stream the provisioner enabled after the kit created it (the "existing table" path of
/// <see cref="SaasUsersTableOptions.EnableStream"/>), and services with the change feed, daily stats and activity
/// log registered; the hosted consumer is off, so tests drive <see cref="ChangeFeedConsumer.CatchUpAsync"/>.
/// </summary>
public sealed class StreamTableFixture : DynamoDbTableFixture, IAsyncLifetime
{
    public StreamTableFixture(DynamoDbLocalFixture dynamoDb)
        : base(dynamoDb)
    {
    }

    /// <summary>What ensuring the kit's table with <see cref="SaasUsersTableOptions.EnableStream"/> did.</summary>
    public TableEnsureResult? StreamEnsureResult { get; private set; }

    // Re-implements the interface: the kit's InitializeAsync is not virtual.
    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await base.InitializeAsync();
        var options = CreateOptions();
        options.EnableStream = true;
        StreamEnsureResult = await new TableProvisioner(Client, Model, options).EnsureTableAsync(TestContext.Current.CancellationToken);
    }

    ValueTask IAsyncDisposable.DisposeAsync() => DisposeAsync();

    /// <summary>Services with the feed; <paramref name="time"/> replaces the clock of the repositories (not of a consumer: give that its own services).</summary>
    public ServiceProvider CreateFeedServices(Action<ChangeFeedOptions>? feed = null, Action<IServiceCollection>? configure = null, TimeProvider? time = null) =>
        CreateServices(services =>
        {
            if (time is not null)
            {
                services.AddSingleton(time);
            }

            services.AddSaasUsersChangeFeed(o =>
            {
                o.RunHostedConsumer = false;
                o.HandlerRetryDelay = TimeSpan.FromMilliseconds(10);
                o.MaxHandlerRetryDelay = TimeSpan.FromMilliseconds(50);

                // The consumers a test makes one after another are one worker restarted (the same lease holder);
                // tests of the lease name their instances.
                o.InstanceName = "test-worker";
                feed?.Invoke(o);
            });
            services.AddSaasUsersDailyStats(o => o.ShardCount = 4);
            services.AddSaasUsersActivityLog();
            configure?.Invoke(services);
        });
}

/// <summary>Records every change delivered (thread-safe), optionally failing or stopping on cue.</summary>
public sealed class RecordingHandler : ITableChangeHandler
{
    private readonly List<TableChange> _changes = [];

    public Func<TableChangeBatch, int, Task>? OnBatch { get; set; }

    public int Batches { get; private set; }

    public IReadOnlyList<TableChange> Changes
    {
        get
        {
            lock (_changes)
            {
                return _changes.ToArray();
            }
        }
    }

    public async Task HandleAsync(TableChangeBatch batch, CancellationToken cancellationToken)
    {
        Batches++;
        if (OnBatch is not null)
        {
            await OnBatch(batch, Batches);
        }

        lock (_changes)
        {
            _changes.AddRange(batch.Changes);
        }
    }
}
