using Amazon.DynamoDBv2;
using SaasUsers.Data.Testing;
using SaasUsers.Data.Tests.Table.Entities;
using Xunit;

namespace SaasUsers.Data.Tests.Correctness;

/// <summary>A number an application stores, to try DynamoDB's number range.</summary>
[DynamoEntity("MEASURE#{MeasurementId}", "MEASURE", EntityType = "CorrectnessTests.Measurement")]
public sealed partial record Measurement
{
    public required string MeasurementId { get; init; }

    public double Value { get; init; }
}

/// <summary>A fresh table with the application entities of these tests.</summary>
public sealed class LimitsTableFixture(DynamoDbLocalFixture dynamoDb) : DynamoDbTableFixture(dynamoDb)
{
    protected override void ConfigureModel(TableModelBuilder model) => model.Add<Project>().Add<Measurement>();
}

/// <summary>
/// Issue 13, defect 8: errors name the property that broke DynamoDB's limits, and come before any request, for a
/// partial update as for a create; a double at DynamoDB's number limit is refused, not sent.
/// </summary>
public sealed class KeyAndNumberLimitTests(LimitsTableFixture table) : IClassFixture<LimitsTableFixture>
{
    [Fact]
    public async Task CreateAsync_PartitionKeyOverTheLimit_NamesThePropertyBeforeAnyRequest()
    {
        // Given
        var cancellationToken = TestContext.Current.CancellationToken;
        var log = new DynamoDbRequestLog();
        using var client = table.CreateClient(new DynamoDbClientOptions { RequestLog = log });
        var entities = new EntityTable(client, table.Model, table.CreateOptions());

        // When: the key is 2,052 bytes
        var error = await Assert.ThrowsAsync<ArgumentException>(() => entities.CreateAsync(new Project { OrgId = new string('o', 2048), ProjectId = "p", Name = "n" }, cancellationToken));

        // Then: ParamName is the property the key is built from (docs/generator.md), the message names the entity
        Assert.Equal(nameof(Project.OrgId), error.ParamName);
        Assert.Contains("TableTests.Project", error.Message, StringComparison.Ordinal);
        Assert.Empty(log.Operations);
    }

    [Fact]
    public async Task UpdateAsync_RebuildingAnIndexKeyOverTheLimit_IsRefusedBeforeAnyRequest()
    {
        // Given: a stored project
        var cancellationToken = TestContext.Current.CancellationToken;
        var log = new DynamoDbRequestLog();
        using var client = table.CreateClient(new DynamoDbClientOptions { RequestLog = log });
        var entities = new EntityTable(client, table.Model, table.CreateOptions());
        var project = await entities.CreateAsync(new Project { OrgId = "org-" + Guid.NewGuid().ToString("N"), ProjectId = "p1", Name = "n", OwnerEmail = "a@example.com" }, cancellationToken);
        var before = await TableContents.SnapshotAsync(table, cancellationToken);
        log.Clear();

        // When: a partial update sets the owner to 2,100 characters, which rebuilds GSI1PK = OWNER#{OwnerEmail}
        var error = await Assert.ThrowsAsync<ArgumentException>(() => entities.UpdateAsync<Project>(Project.CreateKey(project.OrgId, "p1"), u => u.Set(Project.Fields.OwnerEmail, new string('o', 2100)), cancellationToken));

        // Then: refused as a create would be, naming the property; no request, nothing changed
        Assert.Equal(nameof(Project.OwnerEmail), error.ParamName);
        Assert.Contains("2048", error.Message, StringComparison.Ordinal);
        Assert.Empty(log.Operations);
        Assert.Equal(before, await TableContents.SnapshotAsync(table, cancellationToken));
    }

    [Theory]
    [InlineData(1E+126)]
    [InlineData(-1E+126)]
    public async Task CreateAsync_DoubleAtDynamoDbsNumberLimit_IsRefusedBeforeAnyRequest(double value)
    {
        // Given
        var cancellationToken = TestContext.Current.CancellationToken;
        var log = new DynamoDbRequestLog();
        using var client = table.CreateClient(new DynamoDbClientOptions { RequestLog = log });
        var entities = new EntityTable(client, table.Model, table.CreateOptions());

        // When: the double rounds to 1E+126 (the documented limit 9.99...E+125 is not representable)
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => entities.CreateAsync(new Measurement { MeasurementId = Guid.NewGuid().ToString("N"), Value = value }, cancellationToken));

        // Then: refused naming the property, before any request (it was sent and came back as AmazonDynamoDBException)
        Assert.IsNotAssignableFrom<AmazonDynamoDBException>(error);
        Assert.Equal(nameof(Measurement.Value), error.ParamName);
        Assert.Empty(log.Operations);
    }

    [Fact]
    public async Task CreateAsync_LargestDoubleBelowTheLimit_RoundTrips()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var client = table.CreateClient();
        var entities = new EntityTable(client, table.Model, table.CreateOptions());
        var largest = Math.BitDecrement(1E+126);
        var id = Guid.NewGuid().ToString("N");

        await entities.CreateAsync(new Measurement { MeasurementId = id, Value = largest }, cancellationToken);

        Assert.Equal(largest, (await entities.GetAsync<Measurement>(Measurement.CreateKey(id), consistentRead: true, cancellationToken))?.Value);
    }
}
