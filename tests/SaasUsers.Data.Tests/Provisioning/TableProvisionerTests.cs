using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.Provisioning;

/// <summary>The provisioner against DynamoDB Local; each test works on tables of its own.</summary>
public sealed class TableProvisionerTests(DynamoDbLocalFixture dynamoDb)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnsureTableAsync_OnAnEmptyEndpoint_CreatesTheTableWithItsIndexesAndTimeToLive()
    {
        // Given
        var url = await dynamoDb.GetServiceUrlAsync(Cancel);
        using var client = DynamoDbLocal.CreateClient(url);
        var options = Options(url, "create");

        // When
        var result = await Provisioner(client, options).EnsureTableAsync(Cancel);

        // Then
        try
        {
            Assert.Equal(TableEnsureOutcome.Created, result.Outcome);
            Assert.Empty(result.Differences);
            var table = (await client.DescribeTableAsync(options.TableName, Cancel)).Table;
            Assert.Equal(TableStatus.ACTIVE, table.TableStatus);
            Assert.Equal(["PK:HASH", "SK:RANGE"], table.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType}"));
            Assert.Equal(["GSI1", "GSI2", "GSI3"], table.GlobalSecondaryIndexes.Select(i => i.IndexName).Order());
            Assert.All(table.GlobalSecondaryIndexes, i => Assert.Equal(IndexStatus.ACTIVE, i.IndexStatus));
            var ttl = (await client.DescribeTimeToLiveAsync(options.TableName, Cancel)).TimeToLiveDescription;
            Assert.Equal("ExpiresAt", ttl.AttributeName);
            Assert.Equal(TimeToLiveStatus.ENABLED, ttl.TimeToLiveStatus);
        }
        finally
        {
            await Provisioner(client, options).DeleteTableAsync(options.TableName!, Cancel);
        }
    }

    [Fact]
    public async Task EnsureTableAsync_SecondTimeOnAReadyTable_SendsOnlyTheTwoDescribes()
    {
        var url = await dynamoDb.GetServiceUrlAsync(Cancel);
        var log = new DynamoDbRequestLog();
        using var client = DynamoDbLocal.CreateClient(url, new DynamoDbClientOptions { RequestLog = log });
        var options = Options(url, "second");
        await Provisioner(client, options).EnsureTableAsync(Cancel);
        log.Clear();

        var result = await Provisioner(client, options).EnsureTableAsync(Cancel);
        var sent = log.Operations;

        await Provisioner(client, options).DeleteTableAsync(options.TableName!, Cancel);
        Assert.Equal(TableEnsureOutcome.AlreadyExisted, result.Outcome);
        Assert.Equal(2, result.RequestCount);
        Assert.Equal(["DescribeTable", "DescribeTimeToLive"], sent);
    }

    [Fact]
    public async Task EnsureTableAsync_RacingFromSeparateClients_SucceedsForEveryoneAndCreatesOneTable()
    {
        // Given five processes' worth of clients ensuring the same missing table at the same moment
        var url = await dynamoDb.GetServiceUrlAsync(Cancel);
        var options = Options(url, "race");
        var clients = Enumerable.Range(0, 5).Select(_ => DynamoDbLocal.CreateClient(url)).ToArray();
        try
        {
            // When
            var results = await Task.WhenAll(clients.Select(c => Task.Run(() => Provisioner(c, options).EnsureTableAsync(Cancel), Cancel)));

            // Then every ensure succeeds, at least one created it, and the table is whole
            Assert.All(results, r => Assert.Contains(r.Outcome, new[] { TableEnsureOutcome.Created, TableEnsureOutcome.CreatedConcurrently, TableEnsureOutcome.AlreadyExisted }));
            Assert.Contains(results, r => r.Outcome == TableEnsureOutcome.Created);
            var table = (await clients[0].DescribeTableAsync(options.TableName, Cancel)).Table;
            Assert.Equal(3, table.GlobalSecondaryIndexes.Count);
        }
        finally
        {
            await Provisioner(clients[0], options).DeleteTableAsync(options.TableName!, Cancel);
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task EnsureTableAsync_AgainstATableWithAnotherKeySchema_FailsNamingTheDifferenceAndChangesNothing()
    {
        // Given a table someone made with a numeric "id" key
        var url = await dynamoDb.GetServiceUrlAsync(Cancel);
        using var client = DynamoDbLocal.CreateClient(url);
        var options = Options(url, "mismatch");
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = options.TableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("id", ScalarAttributeType.N)],
            KeySchema = [new("id", KeyType.HASH)],
        }, Cancel);

        try
        {
            // When
            var error = await Assert.ThrowsAsync<TableSchemaMismatchException>(() => Provisioner(client, options).EnsureTableAsync(Cancel));

            // Then
            Assert.Contains("KeySchema: expected HASH PK (S), RANGE SK (S), found HASH id (N)", error.Message, StringComparison.Ordinal);
            Assert.Contains(error.Differences, d => d is { Subject: "Index GSI1", Blocking: true });
            var table = (await client.DescribeTableAsync(options.TableName, Cancel)).Table;
            Assert.Null(table.GlobalSecondaryIndexes);
        }
        finally
        {
            await client.DeleteTableAsync(options.TableName, Cancel);
        }
    }

    [Fact]
    public async Task EnsureTableAsync_WithAMissingIndex_FailsUnlessAllowedAndThenAddsIt()
    {
        // Given a table with the right keys but only GSI1
        var url = await dynamoDb.GetServiceUrlAsync(Cancel);
        using var client = DynamoDbLocal.CreateClient(url);
        var options = Options(url, "addindex");
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = options.TableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("PK", ScalarAttributeType.S), new("SK", ScalarAttributeType.S), new("GSI1PK", ScalarAttributeType.S), new("GSI1SK", ScalarAttributeType.S)],
            KeySchema = [new("PK", KeyType.HASH), new("SK", KeyType.RANGE)],
            GlobalSecondaryIndexes = [new() { IndexName = "GSI1", KeySchema = [new("GSI1PK", KeyType.HASH), new("GSI1SK", KeyType.RANGE)], Projection = new Projection { ProjectionType = ProjectionType.ALL } }],
        }, Cancel);

        try
        {
            // When not allowed to add indexes
            var error = await Assert.ThrowsAsync<TableSchemaMismatchException>(() => Provisioner(client, options).EnsureTableAsync(Cancel));
            Assert.Contains("Index GSI2: expected", error.Message, StringComparison.Ordinal);
            Assert.Contains("Index GSI3: expected", error.Message, StringComparison.Ordinal);

            // When allowed
            options.AddMissingIndexes = true;
            var result = await Provisioner(client, options).EnsureTableAsync(Cancel);

            // Then
            Assert.Equal(TableEnsureOutcome.IndexesAdded, result.Outcome);
            Assert.Equal(["GSI2", "GSI3"], result.AddedIndexes);
            var table = (await client.DescribeTableAsync(options.TableName, Cancel)).Table;
            Assert.Equal(["GSI1", "GSI2", "GSI3"], table.GlobalSecondaryIndexes.Select(i => i.IndexName).Order());
        }
        finally
        {
            await client.DeleteTableAsync(options.TableName, Cancel);
        }
    }

    [Fact]
    public async Task EnsureTableAsync_OfMissingTableWhenCreatingIsOff_ThrowsTableNotFoundAndCreatesNothing()
    {
        var url = await dynamoDb.GetServiceUrlAsync(Cancel);
        using var client = DynamoDbLocal.CreateClient(url);
        var options = Options(url, "nocreate");
        options.CreateTableIfMissing = false;

        var error = await Assert.ThrowsAsync<MissingTableException>(() => Provisioner(client, options).EnsureTableAsync(Cancel));

        Assert.Equal(options.TableName, error.TableName);
        Assert.DoesNotContain(options.TableName, (await client.ListTablesAsync(new ListTablesRequest(), Cancel)).TableNames);
    }

    [Fact]
    public async Task DeleteTableAsync_WithAnotherName_RefusesAndKeepsTheTable()
    {
        var url = await dynamoDb.GetServiceUrlAsync(Cancel);
        using var client = DynamoDbLocal.CreateClient(url);
        var options = Options(url, "guard");
        await Provisioner(client, options).EnsureTableAsync(Cancel);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Provisioner(client, options).DeleteTableAsync("some-other-table", Cancel));

        Assert.Equal("confirmTableName", error.ParamName);
        Assert.True(await Provisioner(client, options).DeleteTableAsync(options.TableName!, Cancel));
        Assert.False(await Provisioner(client, options).DeleteTableAsync(options.TableName!, Cancel));
    }

    [Fact]
    public async Task Host_WithEnsureTableOnStartup_CreatesTheTableWhenItStarts_AndTheHealthCheckSeesIt()
    {
        // Given a host configured like an application's
        var url = await dynamoDb.GetServiceUrlAsync(Cancel);
        var options = Options(url, "hosted");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSaasUsersTable(o =>
        {
            o.TableName = options.TableName;
            o.ServiceUrl = options.ServiceUrl;
            o.Region = options.Region;
            o.EnsureTableOnStartup = true;
        });
        builder.Services.AddHealthChecks().AddSaasUsersTable();
        using var host = builder.Build();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync(Cancel)).Status);

        // When
        await host.StartAsync(Cancel);

        // Then
        try
        {
            var client = host.Services.GetRequiredService<IAmazonDynamoDB>();
            Assert.Equal(TableStatus.ACTIVE, (await client.DescribeTableAsync(options.TableName, Cancel)).Table.TableStatus);
            Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(Cancel)).Status);
        }
        finally
        {
            await host.Services.GetRequiredService<ITableProvisioner>().DeleteTableAsync(options.TableName!, Cancel);
            await host.StopAsync(Cancel);
        }
    }

    private static TableProvisioner Provisioner(IAmazonDynamoDB client, SaasUsersTableOptions options) =>
        new(client, SaasUsersModel.Default, options);

    private static SaasUsersTableOptions Options(Uri url, string hint) => new()
    {
        TableName = TestTableNames.New("prov-" + hint),
        ServiceUrl = url.ToString(),
        Region = DynamoDbLocal.Region,
        TableActiveTimeout = TimeSpan.FromSeconds(60),
    };
}
