using System.Collections.Concurrent;
using Amazon.DynamoDBv2;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.Evolution;

/// <summary>
/// Issue 17, migrations: versioned, named migrations as code, recorded in the table, run in order and each once,
/// under a lease item so that two hosts starting together never run one twice; a failure stops the run and the
/// migration runs again next time.
/// </summary>
public sealed class MigrationTests(DynamoDbLocalFixture dynamoDb)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_AppliesThePendingMigrationsInVersionOrder_RecordsEach_AndRunsNoneTwice()
    {
        await using var table = await TestTable.CreateAsync(dynamoDb, "mig-order");
        var runs = new ConcurrentQueue<long>();
        TableMigration[] migrations = [new RecordingMigration(3, "third", runs), new RecordingMigration(1, "first", runs), new RecordingMigration(2, "second", runs)];

        var first = await table.Migrator(migrations).RunAsync(Cancel);
        var log = new DynamoDbRequestLog();
        var second = await table.Migrator(migrations, log).RunAsync(Cancel);

        Assert.Equal([1L, 2L, 3L], runs);
        Assert.Equal([1L, 2L, 3L], first.Applied.Select(a => a.Version));
        Assert.Equal(0, first.AlreadyApplied);
        Assert.Empty(second.Applied);
        Assert.Equal(3, second.AlreadyApplied);
        Assert.Equal(["Query"], log.Operations); // everything applied: one read, no lease taken
        var recorded = await table.Migrator(migrations).GetAppliedAsync(Cancel);
        Assert.Equal(["1 first", "2 second", "3 third"], recorded.Select(r => $"{r.Version} {r.Name}"));
        Assert.Null(await table.Entities.GetAsync<MigrationLease>(MigrationLease.CreateKey(MigrationKeys.Scope), consistentRead: true, Cancel));
    }

    [Fact]
    public async Task RunAsync_WhenAMigrationFails_StopsThere_RecordsNothingForIt_AndRunsItAgainNextTime()
    {
        await using var table = await TestTable.CreateAsync(dynamoDb, "mig-fail");
        var runs = new ConcurrentQueue<long>();
        var flaky = new RecordingMigration(2, "flaky", runs) { FailuresLeft = 1 };
        TableMigration[] migrations = [new RecordingMigration(1, "first", runs), flaky, new RecordingMigration(3, "third", runs)];

        var error = await Assert.ThrowsAsync<MigrationFailedException>(() => table.Migrator(migrations).RunAsync(Cancel));

        Assert.Equal(2, error.Version);
        Assert.Contains("Migration 2 'flaky' failed: boom", error.Message, StringComparison.Ordinal);
        Assert.Equal([1L, 2L], runs);
        Assert.Equal([1L], (await table.Migrator(migrations).GetAppliedAsync(Cancel)).Select(r => r.Version));
        Assert.Null(await table.Entities.GetAsync<MigrationLease>(MigrationLease.CreateKey(MigrationKeys.Scope), consistentRead: true, Cancel));

        var retry = await table.Migrator(migrations).RunAsync(Cancel);

        Assert.Equal([2L, 3L], retry.Applied.Select(a => a.Version));
        Assert.Equal([1L, 2L, 2L, 3L], runs);
    }

    [Fact]
    public async Task TwoHostsStartingTogether_WithMigrationsOnStartup_ApplyEachMigrationExactlyOnce()
    {
        // Given two application hosts on the same table, each with the same three slow migrations, opted in
        await using var table = await TestTable.CreateAsync(dynamoDb, "mig-hosts");
        var runs = new ConcurrentQueue<long>();
        var hosts = Enumerable.Range(0, 2).Select(_ => table.Host(services =>
        {
            services.AddSaasUsersMigration(new RecordingMigration(1, "one", runs) { Duration = TimeSpan.FromMilliseconds(300) });
            services.AddSaasUsersMigration(new RecordingMigration(2, "two", runs) { Duration = TimeSpan.FromMilliseconds(300) });
            services.AddSaasUsersMigration(new RecordingMigration(3, "three", runs) { Duration = TimeSpan.FromMilliseconds(300) });
        })).ToArray();

        try
        {
            // When both start at the same moment
            using var go = new ManualResetEventSlim();
            var starts = hosts.Select(h => Task.Run(async () => { go.Wait(Cancel); await h.StartAsync(Cancel); }, Cancel)).ToArray();
            go.Set();
            await Task.WhenAll(starts);

            // Then each migration ran once, in order, and each is recorded once
            Assert.Equal([1L, 2L, 3L], runs);
            var recorded = await hosts[0].Services.GetRequiredService<ITableMigrator>().GetAppliedAsync(Cancel);
            Assert.Equal([1L, 2L, 3L], recorded.Select(r => r.Version));
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.StopAsync(CancellationToken.None);
                host.Dispose();
            }
        }
    }

    [Fact]
    public async Task RunAsync_WithTheLeaseOfACrashedInstance_TakesItOverWhenItExpires()
    {
        await using var table = await TestTable.CreateAsync(dynamoDb, "mig-stale");
        await table.Entities.CreateAsync(new MigrationLease { Owner = "crashed/1/dead", ExpiresAtMs = DateTimeOffset.UtcNow.AddSeconds(2).ToUnixTimeMilliseconds() }, Cancel);
        var runs = new ConcurrentQueue<long>();

        var result = await table.Migrator([new RecordingMigration(1, "first", runs)]).RunAsync(Cancel);

        Assert.Equal([1L], result.Applied.Select(a => a.Version));
        Assert.Equal([1L], runs);
    }

    [Fact]
    public async Task RunAsync_WhenTheTableRecordsAVersionUnderAnotherName_RefusesToRun()
    {
        await using var table = await TestTable.CreateAsync(dynamoDb, "mig-name");
        var runs = new ConcurrentQueue<long>();
        await table.Migrator([new RecordingMigration(1, "first", runs)]).RunAsync(Cancel);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => table.Migrator([new RecordingMigration(1, "renamed", runs), new RecordingMigration(2, "second", runs)]).RunAsync(Cancel));

        Assert.Contains("records migration 1 as 'first', but the registered migration 1 is 'renamed'", error.Message, StringComparison.Ordinal);
        Assert.Equal([1L], runs);
    }

    [Fact]
    public void Migrations_WithBadVersionsOrNames_AreRefusedWhenBuilt()
    {
        var runs = new ConcurrentQueue<long>();
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecordingMigration(0, "zero", runs));
        Assert.Throws<ArgumentException>(() => new RecordingMigration(1, " ", runs));
        var options = new SaasUsersTableOptions { TableName = "migrations" };
        using var client = new AmazonDynamoDBClient(new Amazon.Runtime.BasicAWSCredentials("x", "x"), new AmazonDynamoDBConfig { ServiceURL = "http://127.0.0.1:1" });
        var error = Assert.Throws<ArgumentException>(() => new TableMigrator(new EntityTable(client, SaasUsersModel.Default, options), [new RecordingMigration(1, "a", runs), new RecordingMigration(1, "b", runs)], options));
        Assert.Contains("share version 1", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A migration that records that it ran (and may fail or take a while).</summary>
    private sealed class RecordingMigration(long version, string name, ConcurrentQueue<long> runs) : TableMigration(version, name)
    {
        public int FailuresLeft { get; set; }

        public TimeSpan Duration { get; init; }

        public override async Task ApplyAsync(TableMigrationContext context, CancellationToken cancellationToken)
        {
            runs.Enqueue(Version);
            await Task.Delay(Duration, cancellationToken);
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new InvalidOperationException("boom");
            }
        }
    }
}

/// <summary>A fresh table of the package's model on the shared DynamoDB Local, deleted at the end of the test.</summary>
internal sealed class TestTable : IAsyncDisposable
{
    private TestTable(IAmazonDynamoDB client, SaasUsersTableOptions options)
    {
        Client = client;
        Options = options;
        Entities = new EntityTable(client, SaasUsersModel.Default, options);
    }

    public IAmazonDynamoDB Client { get; }

    public SaasUsersTableOptions Options { get; }

    public EntityTable Entities { get; }

    public string Name => Options.TableName!;

    public static async Task<TestTable> CreateAsync(DynamoDbLocalFixture dynamoDb, string hint, DynamoDbClientOptions? clientOptions = null)
    {
        var url = await dynamoDb.GetServiceUrlAsync(TestContext.Current.CancellationToken);
        var options = OldTableData.Options(url, TestTableNames.New(hint));
        options.MigrationLeaseDuration = TimeSpan.FromSeconds(3);
        options.MigrationLeaseWaitTimeout = TimeSpan.FromSeconds(60);
        var client = DynamoDbLocal.CreateClient(url, clientOptions);
        await new TableProvisioner(client, SaasUsersModel.Default, options).EnsureTableAsync(TestContext.Current.CancellationToken);
        return new TestTable(client, options);
    }

    public TableMigrator Migrator(IEnumerable<TableMigration> migrations, DynamoDbRequestLog? log = null)
    {
        var client = log is null ? Client : DynamoDbLocal.CreateClient(new Uri(Options.ServiceUrl!), new DynamoDbClientOptions { RequestLog = log });
        return new TableMigrator(new EntityTable(client, SaasUsersModel.Default, Options), migrations, Options);
    }

    /// <summary>An application host on the table with the start-up service opted in to ensuring and migrating.</summary>
    public IHost Host(Action<IServiceCollection> configure)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSaasUsersTable(o =>
        {
            o.TableName = Options.TableName;
            o.ServiceUrl = Options.ServiceUrl;
            o.Region = Options.Region;
            o.CursorSigningKey = Options.CursorSigningKey;
            o.EnsureTableOnStartup = true;
            o.RunMigrationsOnStartup = true;
            o.MigrationLeaseDuration = Options.MigrationLeaseDuration;
            o.MigrationLeaseWaitTimeout = Options.MigrationLeaseWaitTimeout;
        });
        builder.Services.AddSingleton(_ => DynamoDbLocal.CreateClient(new Uri(Options.ServiceUrl!)));
        configure(builder.Services);
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Client.DeleteTableAsync(Name, CancellationToken.None);
        }
        finally
        {
            Client.Dispose();
        }
    }
}
