using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Testing;

namespace SaasUsers.Data.Tests.Evolution;

/// <summary>
/// Tables and items as an older deployment left them: the SST stack's table (PK/SK only, on-demand, tags
/// sst:app/sst:stage, no index, no time to live, no stream), and items in the package's layout without the index
/// attributes an older version did not write.
/// </summary>
internal static class OldTableData
{
    /// <summary>Creates a table exactly as the SST stack does; point-in-time recovery is asked for as SST does, where supported.</summary>
    public static async Task CreateSstTableAsync(IAmazonDynamoDB client, string tableName, string app, string stage, CancellationToken cancellationToken, StreamSpecification? stream = null)
    {
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("PK", ScalarAttributeType.S), new("SK", ScalarAttributeType.S)],
            KeySchema = [new("PK", KeyType.HASH), new("SK", KeyType.RANGE)],
            Tags = [new Tag { Key = "sst:app", Value = app }, new Tag { Key = "sst:stage", Value = stage }],
            StreamSpecification = stream,
        }, cancellationToken);
        try
        {
            await client.UpdateContinuousBackupsAsync(new UpdateContinuousBackupsRequest
            {
                TableName = tableName,
                PointInTimeRecoverySpecification = new PointInTimeRecoverySpecification { PointInTimeRecoveryEnabled = true },
            }, cancellationToken);
        }
        catch (AmazonDynamoDBException exception) when (exception.ErrorCode == "UnknownOperationException")
        {
            // DynamoDB Local has no point-in-time recovery: not supported here, and nothing of ours depends on it.
        }
    }

    /// <summary>The item without the index attributes (<c>GSI{n}PK</c>/<c>GSI{n}SK</c>) an older version did not write.</summary>
    public static Dictionary<string, AttributeValue> WithoutIndexAttributes(Dictionary<string, AttributeValue> item) =>
        item.Where(a => !System.Text.RegularExpressions.Regex.IsMatch(a.Key, "^GSI[1-9][0-9]?[PS]K$", System.Text.RegularExpressions.RegexOptions.CultureInvariant))
            .ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);

    /// <summary>Writes items as they are (raw batch writes of the test's own client), 25 a request, in parallel.</summary>
    public static async Task PutRawAsync(IAmazonDynamoDB client, string tableName, IReadOnlyList<Dictionary<string, AttributeValue>> items, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(items.Chunk(25), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (chunk, token) =>
        {
            var pending = chunk.Select(i => new WriteRequest { PutRequest = new PutRequest { Item = i } }).ToList();
            while (pending.Count > 0)
            {
                var response = await client.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = new() { [tableName] = pending } }, token);
                pending = response.UnprocessedItems is { } left && left.TryGetValue(tableName, out var rest) ? rest : [];
            }
        });
    }

    /// <summary>The time-to-live status DynamoDB reports for the table.</summary>
    public static async Task<string> TimeToLiveStatusAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken) =>
        (await client.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = tableName }, cancellationToken)).TimeToLiveDescription?.TimeToLiveStatus?.Value ?? "DISABLED";

    /// <summary>Options for a table on the shared DynamoDB Local.</summary>
    public static SaasUsersTableOptions Options(Uri url, string? tableName) => new()
    {
        TableName = tableName,
        ServiceUrl = url.ToString(),
        Region = DynamoDbLocal.Region,
        CursorSigningKey = Convert.ToBase64String(new byte[32]),
        TableActiveTimeout = TimeSpan.FromSeconds(60),
        IndexActiveTimeout = TimeSpan.FromSeconds(120),
    };
}
