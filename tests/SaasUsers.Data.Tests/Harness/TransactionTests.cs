using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.Harness;

public sealed class TransactionTests(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    [Fact]
    public async Task TransactWriteItems_WhenOneConditionFails_WritesNothing()
    {
        // Given: the unique-email lookup item exists already
        var cancellationToken = TestContext.Current.CancellationToken;
        await table.Client.PutItemAsync(
            new PutItemRequest { TableName = table.TableName, Item = Item("EMAIL#ada@example.com", "EMAIL", "owner", "USER#1") },
            cancellationToken);

        // When: a new user and the same email are written in one transaction, each only if absent
        var transaction = new TransactWriteItemsRequest
        {
            TransactItems =
            [
                PutIfAbsent(Item("USER#2", "PROFILE", "name", "Ada Two")),
                PutIfAbsent(Item("EMAIL#ada@example.com", "EMAIL", "owner", "USER#2")),
            ],
        };
        var error = await Assert.ThrowsAsync<TransactionCanceledException>(
            () => table.Client.TransactWriteItemsAsync(transaction, cancellationToken));

        // Then: the second put's condition failed, the first put was not written, the lookup is unchanged
        Assert.Equal(["None", "ConditionalCheckFailed"], error.CancellationReasons.Select(r => r.Code));
        var user = await GetAsync("USER#2", "PROFILE", cancellationToken);
        Assert.False(user.IsItemSet);
        var lookup = await GetAsync("EMAIL#ada@example.com", "EMAIL", cancellationToken);
        Assert.Equal("USER#1", lookup.Item["owner"].S);
    }

    [Fact]
    public async Task TransactWriteItems_WhenAllConditionsHold_WritesEveryItem()
    {
        // Given
        var cancellationToken = TestContext.Current.CancellationToken;
        var transaction = new TransactWriteItemsRequest
        {
            TransactItems =
            [
                PutIfAbsent(Item("USER#3", "PROFILE", "name", "Grace")),
                PutIfAbsent(Item("EMAIL#grace@example.com", "EMAIL", "owner", "USER#3")),
            ],
        };

        // When
        await table.Client.TransactWriteItemsAsync(transaction, cancellationToken);

        // Then
        Assert.True((await GetAsync("USER#3", "PROFILE", cancellationToken)).IsItemSet);
        Assert.True((await GetAsync("EMAIL#grace@example.com", "EMAIL", cancellationToken)).IsItemSet);
    }

    private TransactWriteItem PutIfAbsent(Dictionary<string, AttributeValue> item) => new()
    {
        Put = new Put { TableName = table.TableName, Item = item, ConditionExpression = "attribute_not_exists(PK)" },
    };

    private static Dictionary<string, AttributeValue> Item(string pk, string sk, string attribute, string value) => new()
    {
        ["PK"] = new() { S = pk },
        ["SK"] = new() { S = sk },
        [attribute] = new() { S = value },
    };

    private Task<GetItemResponse> GetAsync(string pk, string sk, CancellationToken cancellationToken) =>
        table.Client.GetItemAsync(
            new GetItemRequest
            {
                TableName = table.TableName,
                Key = new() { ["PK"] = new() { S = pk }, ["SK"] = new() { S = sk } },
                ConsistentRead = true,
            },
            cancellationToken);
}
