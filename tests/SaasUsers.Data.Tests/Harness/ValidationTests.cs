using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.Harness;

/// <summary>DynamoDB Local validates requests like the service, so tests catch what production would reject.</summary>
public sealed class ValidationTests(DynamoDbLocalFixture dynamoDb)
{
    [Fact]
    public async Task CreateTable_WithOneCharacterName_IsRejectedAsValidationError()
    {
        // Given
        var cancellationToken = TestContext.Current.CancellationToken;
        using var client = await dynamoDb.CreateClientAsync(cancellationToken);
        var request = new CreateTableRequest
        {
            TableName = "x",
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("PK", ScalarAttributeType.S)],
            KeySchema = [new("PK", KeyType.HASH)],
        };

        // When
        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.CreateTableAsync(request, cancellationToken));

        // Then
        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Contains("Table/index names must be between 3 and 255 characters long", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetItem_OnMissingTable_ThrowsResourceNotFound()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var client = await dynamoDb.CreateClientAsync(cancellationToken);

        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.GetItemAsync(
            new GetItemRequest { TableName = "t-does-not-exist", Key = new() { ["PK"] = new() { S = "x" } } },
            cancellationToken));

        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
    }
}
