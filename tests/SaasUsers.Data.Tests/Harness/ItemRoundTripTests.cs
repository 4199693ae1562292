using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.Harness;

public sealed class ItemRoundTripTests(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    [Fact]
    public async Task PutItem_ThenGetItem_ReturnsEveryAttribute()
    {
        // Given
        var cancellationToken = TestContext.Current.CancellationToken;
        var item = new Dictionary<string, AttributeValue>
        {
            ["PK"] = new() { S = "USER#42" },
            ["SK"] = new() { S = "PROFILE" },
            ["GSI1PK"] = new() { S = "EMAIL#ada@example.com" },
            ["GSI1SK"] = new() { S = "USER" },
            ["Name"] = new() { S = "Ada" },
            ["Credits"] = new() { N = "1250" },
            ["Active"] = new() { BOOL = true },
            ["Roles"] = new() { SS = ["admin", "owner"] },
            ["Address"] = new() { M = new() { ["City"] = new() { S = "London" } } },
        };

        // When
        await table.Client.PutItemAsync(new PutItemRequest { TableName = table.TableName, Item = item }, cancellationToken);
        var read = await table.Client.GetItemAsync(
            new GetItemRequest
            {
                TableName = table.TableName,
                Key = new() { ["PK"] = new() { S = "USER#42" }, ["SK"] = new() { S = "PROFILE" } },
                ConsistentRead = true,
            },
            cancellationToken);

        // Then
        Assert.True(read.IsItemSet);
        Assert.Equal("Ada", read.Item["Name"].S);
        Assert.Equal("1250", read.Item["Credits"].N);
        Assert.True(read.Item["Active"].BOOL);
        Assert.Equal(["admin", "owner"], read.Item["Roles"].SS.Order());
        Assert.Equal("London", read.Item["Address"].M["City"].S);
    }

    [Fact]
    public async Task Query_OnGlobalSecondaryIndex_FindsTheItem()
    {
        // Given
        var cancellationToken = TestContext.Current.CancellationToken;
        await table.Client.PutItemAsync(
            new PutItemRequest
            {
                TableName = table.TableName,
                Item = new()
                {
                    ["PK"] = new() { S = "USER#7" },
                    ["SK"] = new() { S = "PROFILE" },
                    ["GSI2PK"] = new() { S = "CUSTOMER#cus_7" },
                    ["GSI2SK"] = new() { S = "USER" },
                },
            },
            cancellationToken);

        // When
        var result = await table.Client.QueryAsync(
            new QueryRequest
            {
                TableName = table.TableName,
                IndexName = "GSI2",
                KeyConditionExpression = "GSI2PK = :pk",
                ExpressionAttributeValues = new() { [":pk"] = new() { S = "CUSTOMER#cus_7" } },
            },
            cancellationToken);

        // Then
        var found = Assert.Single(result.Items);
        Assert.Equal("USER#7", found["PK"].S);
    }
}
