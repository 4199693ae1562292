using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data.Tests.Table;

/// <summary>Reads a test table's raw contents, to prove what was (or was not) written. Tests may scan their own table; the package never does.</summary>
public static class TableContents
{
    public static async Task<List<Dictionary<string, AttributeValue>>> ScanAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await client.ScanAsync(new ScanRequest { TableName = tableName, ExclusiveStartKey = start, ConsistentRead = true }, cancellationToken);
            items.AddRange(response.Items ?? []);
            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return items;
    }

    public static async Task<List<Dictionary<string, AttributeValue>>> PartitionAsync(IAmazonDynamoDB client, string tableName, string partitionKey, CancellationToken cancellationToken)
    {
        var items = await ScanAsync(client, tableName, cancellationToken);
        return items.Where(i => i["PK"].S == partitionKey).ToList();
    }
}
