using System.Net;
using System.Text.RegularExpressions;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.Harness;

public sealed partial class TestTableTests(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    [Fact]
    public async Task Table_IsActiveWithStringKeysOnDemandAndThreeIndexes()
    {
        // When
        var description = (await table.Client.DescribeTableAsync(table.TableName, TestContext.Current.CancellationToken)).Table;

        // Then
        Assert.Equal(TableStatus.ACTIVE, description.TableStatus);
        Assert.Equal(BillingMode.PAY_PER_REQUEST, description.BillingModeSummary?.BillingMode);
        Assert.Equal(["PK:HASH", "SK:RANGE"], description.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType}"));
        Assert.All(description.AttributeDefinitions, a => Assert.Equal(ScalarAttributeType.S, a.AttributeType));
        Assert.Equal(
            ["GSI1", "GSI2", "GSI3"],
            description.GlobalSecondaryIndexes.Select(i => i.IndexName).Order());
        Assert.All(description.GlobalSecondaryIndexes, index =>
        {
            Assert.Equal(IndexStatus.ACTIVE, index.IndexStatus);
            Assert.Equal(ProjectionType.ALL, index.Projection.ProjectionType);
            Assert.Equal(
                [$"{index.IndexName}PK:HASH", $"{index.IndexName}SK:RANGE"],
                index.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType}"));
        });
    }

    [Fact]
    public void TableName_NamesTheTestClassAndIsAValidTableName()
    {
        Assert.Matches(ValidTableName(), table.TableName);
        Assert.StartsWith($"t-{nameof(TestTableTests)}-", table.TableName, StringComparison.Ordinal);
    }

    [Fact]
    public void ServiceUrl_IsOnLoopback()
    {
        // All test traffic stays on this machine: eng/test.sh sets TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1.
        var host = table.ServiceUrl.Host;
        Assert.True(
            host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address)),
            $"DynamoDB Local is reached at {table.ServiceUrl}, not on loopback; run the tests with ./eng/test.sh or set TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1.");
    }

    [Fact]
    public async Task Client_ListsTheTable()
    {
        var tables = await table.Client.ListTablesAsync(new ListTablesRequest(), TestContext.Current.CancellationToken);

        Assert.Contains(table.TableName, tables.TableNames);
    }

    [GeneratedRegex("^[a-zA-Z0-9_.-]{3,255}$")]
    private static partial Regex ValidTableName();
}
