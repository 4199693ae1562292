using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Testing;

namespace SaasUsers.Data.Tests;

/// <summary>
/// Reads a test's own table item by item, to check what the repositories really wrote. Tests may Scan their
/// table; the package never does.
/// </summary>
internal static class TableContents
{
    /// <summary>Every item of the fixture's table (strongly consistent scan, all pages).</summary>
    public static Task<List<Dictionary<string, AttributeValue>>> ScanAsync(DynamoDbTableFixture table, CancellationToken cancellationToken) =>
        ScanAsync(table.Client, table.TableName, cancellationToken);

    /// <summary>Every item of a table (strongly consistent scan, all pages).</summary>
    public static async Task<List<Dictionary<string, AttributeValue>>> ScanAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var response = await client.ScanAsync(
                new ScanRequest { TableName = tableName, ConsistentRead = true, ExclusiveStartKey = startKey },
                cancellationToken);
            items.AddRange(response.Items ?? []);
            startKey = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (startKey is not null);

        return items;
    }

    /// <summary>The keys of every item of the table, as <c>PK | SK</c>, sorted.</summary>
    public static async Task<List<string>> KeysAsync(DynamoDbTableFixture table, CancellationToken cancellationToken) =>
        (await ScanAsync(table, cancellationToken)).Select(KeyOf).Order(StringComparer.Ordinal).ToList();

    /// <summary>A fingerprint of every item (keys and all attributes), to prove that a call changed nothing.</summary>
    public static async Task<List<string>> SnapshotAsync(DynamoDbTableFixture table, CancellationToken cancellationToken) =>
        (await ScanAsync(table, cancellationToken)).Select(Describe).Order(StringComparer.Ordinal).ToList();

    /// <summary>The items of one partition of a table.</summary>
    public static async Task<List<Dictionary<string, AttributeValue>>> PartitionAsync(IAmazonDynamoDB client, string tableName, string partitionKey, CancellationToken cancellationToken) =>
        (await ScanAsync(client, tableName, cancellationToken)).Where(i => i[ItemAttributeNames.PartitionKey].S == partitionKey).ToList();

    /// <summary>The items whose partition key is one of <paramref name="partitionKeys"/>.</summary>
    public static async Task<List<Dictionary<string, AttributeValue>>> InPartitionsAsync(DynamoDbTableFixture table, IEnumerable<string> partitionKeys, CancellationToken cancellationToken)
    {
        var wanted = partitionKeys.ToHashSet(StringComparer.Ordinal);
        return (await ScanAsync(table, cancellationToken)).Where(i => wanted.Contains(i[ItemAttributeNames.PartitionKey].S)).ToList();
    }

    /// <summary>One item read by key with a strongly consistent GetItem, or null.</summary>
    public static async Task<Dictionary<string, AttributeValue>?> GetAsync(DynamoDbTableFixture table, PrimaryKey key, CancellationToken cancellationToken)
    {
        var response = await table.Client.GetItemAsync(
            new GetItemRequest
            {
                TableName = table.TableName,
                ConsistentRead = true,
                Key = new()
                {
                    [ItemAttributeNames.PartitionKey] = new AttributeValue { S = key.PartitionKey },
                    [ItemAttributeNames.SortKey] = new AttributeValue { S = key.SortKey },
                },
            },
            cancellationToken);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    /// <summary>An item's entity type (the <c>_type</c> attribute).</summary>
    public static string? TypeOf(Dictionary<string, AttributeValue> item) =>
        item.TryGetValue(ItemAttributeNames.EntityType, out var type) ? type.S : null;

    /// <summary>An item's key, as <c>PK | SK</c>.</summary>
    public static string KeyOf(Dictionary<string, AttributeValue> item) =>
        item[ItemAttributeNames.PartitionKey].S + " | " + item[ItemAttributeNames.SortKey].S;

    /// <summary>An item's key as <c>PK | SK</c>.</summary>
    public static string KeyOf(PrimaryKey key) => key.PartitionKey + " | " + key.SortKey;

    /// <summary>The whole item as one line (attributes sorted), for equality checks.</summary>
    public static string Describe(Dictionary<string, AttributeValue> item) =>
        string.Join(", ", item.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + "=" + Describe(a.Value)));

    private static string Describe(AttributeValue value) =>
        value.S is not null ? "S:" + value.S
        : value.N is not null ? "N:" + value.N
        : value.BOOL is { } b ? "BOOL:" + b
        : value.NULL is true ? "NULL"
        : value.SS is { Count: > 0 } ss ? "SS:[" + string.Join(",", ss.Order(StringComparer.Ordinal)) + "]"
        : value.L is { Count: > 0 } l ? "L:[" + string.Join(",", l.Select(Describe)) + "]"
        : value.M is { } m ? "M:{" + string.Join(",", m.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + Describe(p.Value))) + "}"
        : "?";
}
