using Amazon.DynamoDBv2.Model;
using Amazon.DynamoDBv2;
using SaasUsers.Data.Provisioning;
using Xunit;

namespace SaasUsers.Data.Tests.Provisioning;

public sealed class TableDefinitionTests
{
    private static readonly SaasUsersTableOptions Options = new() { TableName = "users" };

    [Fact]
    public void BuildCreateRequest_ForTheDefaultModel_HasStringKeysAndOneIndexPerDeclaredIndex()
    {
        var request = new TableDefinition(SaasUsersModel.Default, Options).BuildCreateRequest("users");

        Assert.Equal(["PK", "SK"], request.KeySchema.Select(k => k.AttributeName));
        Assert.All(request.AttributeDefinitions, a => Assert.Equal(ScalarAttributeType.S, a.AttributeType));
        Assert.Equal(["GSI1", "GSI2", "GSI3"], request.GlobalSecondaryIndexes.Select(i => i.IndexName));
        Assert.All(request.GlobalSecondaryIndexes, i => Assert.Equal(ProjectionType.ALL, i.Projection.ProjectionType));
        Assert.Equal(BillingMode.PAY_PER_REQUEST, request.BillingMode);
        Assert.Null(request.ProvisionedThroughput);
    }

    [Fact]
    public void BuildCreateRequest_WhenProvisioned_SetsThroughputOnTableAndIndexes()
    {
        var options = new SaasUsersTableOptions { TableName = "users", BillingMode = TableBillingMode.Provisioned, ReadCapacityUnits = 7, WriteCapacityUnits = 3 };

        var request = new TableDefinition(SaasUsersModel.Default, options).BuildCreateRequest("users");

        Assert.Equal(BillingMode.PROVISIONED, request.BillingMode);
        Assert.Equal(7, request.ProvisionedThroughput.ReadCapacityUnits);
        Assert.All(request.GlobalSecondaryIndexes, i => Assert.Equal(3, i.ProvisionedThroughput.WriteCapacityUnits));
    }

    [Fact]
    public void Compare_WithTheTableItWouldCreate_FindsNoDifference()
    {
        var definition = new TableDefinition(SaasUsersModel.Default, Options);
        var missing = new List<int>();

        var differences = definition.Compare(Describe(definition.BuildCreateRequest("users")), null, missing);

        Assert.Empty(differences);
        Assert.Empty(missing);
    }

    [Fact]
    public void Compare_WithOtherKeySchema_ReportsABlockingKeySchemaDifference()
    {
        var definition = new TableDefinition(SaasUsersModel.Default, Options);
        var table = Describe(definition.BuildCreateRequest("users"));
        table.KeySchema = [new KeySchemaElement("id", KeyType.HASH)];
        table.AttributeDefinitions.Add(new AttributeDefinition("id", ScalarAttributeType.N));

        var difference = Assert.Single(definition.Compare(table, null, []));

        Assert.Equal("KeySchema", difference.Subject);
        Assert.True(difference.Blocking);
        Assert.Contains("HASH id (N)", difference.Actual, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_WithAMissingIndex_ReportsItAsMissingAndBlockingUnlessAddingIsAllowed()
    {
        var table = Describe(new TableDefinition(SaasUsersModel.Default, Options).BuildCreateRequest("users"));
        table.GlobalSecondaryIndexes.RemoveAll(i => i.IndexName == "GSI2");

        var missing = new List<int>();
        var blocking = Assert.Single(new TableDefinition(SaasUsersModel.Default, Options).Compare(table, null, missing));
        var allowed = Assert.Single(new TableDefinition(SaasUsersModel.Default, new SaasUsersTableOptions { TableName = "users", AddMissingIndexes = true }).Compare(table, null, []));

        Assert.Equal([2], missing);
        Assert.Equal("Index GSI2", blocking.Subject);
        Assert.True(blocking.Blocking);
        Assert.False(allowed.Blocking);
    }

    private static TableDescription Describe(CreateTableRequest request) => new()
    {
        TableName = request.TableName,
        TableStatus = TableStatus.ACTIVE,
        KeySchema = request.KeySchema,
        AttributeDefinitions = request.AttributeDefinitions,
        BillingModeSummary = new BillingModeSummary { BillingMode = request.BillingMode },
        GlobalSecondaryIndexes = request.GlobalSecondaryIndexes.Select(i => new GlobalSecondaryIndexDescription
        {
            IndexName = i.IndexName,
            KeySchema = i.KeySchema,
            Projection = i.Projection,
            IndexStatus = IndexStatus.ACTIVE,
        }).ToList(),
    };
}
