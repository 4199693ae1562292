using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Benchmarks.Context;
using SaasUsers.Data.Benchmarks.Data;

namespace SaasUsers.Data.Benchmarks.Ratios;

/// <summary>
/// Whole reads, response bytes in and entities out, with the AWS SDK included (<c>ratios-whole</c>): every
/// contender sends its request through a real <see cref="AmazonDynamoDBClient"/> whose HTTP
/// answers are replayed from memory (<see cref="ReplayedDynamoDb"/>), so request building, signing, the SDK's
/// unmarshalling (or the library's own JSON decoding) and mapping are all counted, and no network is. Timed in the
/// process's CPU time (continuations run on any thread; the GC's work is counted), in random order each round.
/// </summary>
public static class WholeReadSuite
{
    /// <summary>The table name the replayed answers carry: DynamoDBContext's, which its batch get looks for in the answer.</summary>
    internal const string TableName = ContextTable.Name;

    /// <summary>Runs the Query page and GetItem comparisons.</summary>
    public static async Task RunAsync(int rounds)
    {
        var page = SampleData.CreatePage(1000);
        var user = SampleData.User;
        var userItem = User.Mapper.ToItem(user);
        var batchUsers = Enumerable.Range(1, BatchGetKeys).Select(SampleData.CreateUser).ToList();
        var batchItems = batchUsers.ConvertAll(User.Mapper.ToItem);
        var bodies = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["Query"] = DynamoJson.QueryResponse(page, capacityUnits: 68.5, TableName),
            ["GetItem"] = DynamoJson.GetItemResponse(userItem, capacityUnits: 0.5, TableName),
            ["BatchGetItem"] = DynamoJson.BatchGetItemResponse(batchItems, capacityUnits: 50, TableName),
        };
        Console.Error.WriteLine($"// replayed bodies: Query {bodies["Query"].Length:N0} bytes ({page.Count} items), GetItem {bodies["GetItem"].Length:N0} bytes");

        using var client = ReplayedDynamoDb.CreateClient(bodies);
        using var context = new ContextMapping(client);
        var table = new EntityTable(client, SaasUsersModel.Default, new SaasUsersTableOptions { TableName = TableName });
        var sdkPathTable = new EntityTable(client, SaasUsersModel.Default, new SaasUsersTableOptions { TableName = TableName, DirectReads = false });
        await CheckAsync(table, client, context, page, user).ConfigureAwait(false);
        await CheckAsync(sdkPathTable, client, context, page, user).ConfigureAwait(false);

        var query = new ItemQuery("USER#any") { PageSize = ItemQuery.MaxPageSize };
        PairedRunner.PrintHeader();
        await PairedRunner.RunAsync($"Whole read of a {page.Count}-item Query page", [
            new("SDK QueryAsync alone (AttributeValue maps)", RunAsync: async () => await client.QueryAsync(QueryRequest()).ConfigureAwait(false), ProcessCpu: true),
            new("SDK QueryAsync + tuned hand-written", RunAsync: async () => RatioSuite.Decode((await client.QueryAsync(QueryRequest()).ConfigureAwait(false)).Items, TunedHandWrittenMapping.Decode), ProcessCpu: true),
            new("SaasUsers.Data EntityTable.QueryAsync (direct read path, the default)", RunAsync: async () => await table.QueryAsync(query).ConfigureAwait(false), ProcessCpu: true),
            new("SaasUsers.Data EntityTable.QueryAsync (SDK path, DirectReads = false)", RunAsync: async () => await sdkPathTable.QueryAsync(query).ConfigureAwait(false), ProcessCpu: true),
            new("SDK QueryAsync + DynamoDBContext", RunAsync: async () => RatioSuite.Decode((await client.QueryAsync(QueryRequest()).ConfigureAwait(false)).Items, context.Decode), ProcessCpu: true),
        ], rounds, TimeSpan.FromMilliseconds(20)).ConfigureAwait(false);

        var key = User.CreateKey(user.UserId);
        await PairedRunner.RunAsync("GetItem of one user", [
            new("SDK GetItemAsync alone (AttributeValue map)", RunAsync: async () => await client.GetItemAsync(GetRequest(userItem)).ConfigureAwait(false), ProcessCpu: true),
            new("SDK GetItemAsync + tuned hand-written", RunAsync: async () => TunedHandWrittenMapping.ToUser((await client.GetItemAsync(GetRequest(userItem)).ConfigureAwait(false)).Item), ProcessCpu: true),
            new("SaasUsers.Data EntityTable.GetAsync (direct read path, the default)", RunAsync: async () => await table.GetAsync<User>(key).ConfigureAwait(false), ProcessCpu: true),
            new("SaasUsers.Data EntityTable.GetAsync (SDK path, DirectReads = false)", RunAsync: async () => await sdkPathTable.GetAsync<User>(key).ConfigureAwait(false), ProcessCpu: true),
            new("DynamoDBContext LoadAsync", RunAsync: async () => await context.Context.LoadAsync<ContextUser>(userItem["PK"].S, userItem["SK"].S).ConfigureAwait(false), ProcessCpu: true),
        ], rounds, TimeSpan.FromMilliseconds(5)).ConfigureAwait(false);

        // One BatchGetItem request (100 keys, the most one request takes) answered with the 100 users.
        var batchKeys = batchUsers.ConvertAll(u => User.CreateKey(u.UserId));
        var batchRequest = BatchGetRequest(batchItems);
        await CheckBatchAsync(table, sdkPathTable, batchKeys, batchItems).ConfigureAwait(false);
        await PairedRunner.RunAsync($"BatchGetItem of {BatchGetKeys} users", [
            new("SDK BatchGetItemAsync alone (AttributeValue maps)", RunAsync: async () => await client.BatchGetItemAsync(batchRequest).ConfigureAwait(false), ProcessCpu: true),
            new("SDK BatchGetItemAsync + tuned hand-written", RunAsync: async () => (await client.BatchGetItemAsync(batchRequest).ConfigureAwait(false)).Responses[TableName].ConvertAll(TunedHandWrittenMapping.ToUser), ProcessCpu: true),
            new("SaasUsers.Data EntityTable.BatchGetAsync (direct read path, the default)", RunAsync: async () => await table.BatchGetAsync<User>(batchKeys).ConfigureAwait(false), ProcessCpu: true),
            new("SaasUsers.Data EntityTable.BatchGetAsync (SDK path, DirectReads = false)", RunAsync: async () => await sdkPathTable.BatchGetAsync<User>(batchKeys).ConfigureAwait(false), ProcessCpu: true),
            new("DynamoDBContext BatchGet", RunAsync: async () => await ContextBatchGetAsync(context, batchItems).ConfigureAwait(false), ProcessCpu: true),
        ], rounds, TimeSpan.FromMilliseconds(10)).ConfigureAwait(false);
    }

    /// <summary>The keys of the batch-get comparison: one request's worth.</summary>
    private const int BatchGetKeys = 100;

    private static BatchGetItemRequest BatchGetRequest(List<Dictionary<string, AttributeValue>> items) => new()
    {
        RequestItems = new Dictionary<string, KeysAndAttributes>(StringComparer.Ordinal)
        {
            [TableName] = new() { Keys = items.ConvertAll(item => new Dictionary<string, AttributeValue> { ["PK"] = new() { S = item["PK"].S }, ["SK"] = new() { S = item["SK"].S } }) },
        },
        ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
    };

    private static async Task<List<ContextUser>> ContextBatchGetAsync(ContextMapping context, List<Dictionary<string, AttributeValue>> items)
    {
        var batch = context.Context.CreateBatchGet<ContextUser>();
        foreach (var item in items)
        {
            batch.AddKey(item["PK"].S, item["SK"].S);
        }

        await batch.ExecuteAsync().ConfigureAwait(false);
        return batch.Results;
    }

    // Both paths read the 100 users from the replayed answer, in its order.
    private static async Task CheckBatchAsync(EntityTable table, EntityTable sdkPathTable, List<PrimaryKey> keys, List<Dictionary<string, AttributeValue>> items)
    {
        foreach (var (name, read) in new[] { ("direct", await table.BatchGetAsync<User>(keys).ConfigureAwait(false)), ("SDK path", await sdkPathTable.BatchGetAsync<User>(keys).ConfigureAwait(false)) })
        {
            if (read.Count != items.Count)
            {
                throw new InvalidOperationException($"The replayed batch get read {read.Count} users ({name}), not {items.Count}.");
            }

            for (var i = 0; i < items.Count; i++)
            {
                ItemComparer.AssertEqual($"replayed batch get user {i} ({name})", items[i], User.Mapper.ToItem(read[i]));
            }
        }
    }

    // What the library sends for the same page: the key condition, the page size, the consumed capacity.
    internal static QueryRequest QueryRequest() => new()
    {
        TableName = TableName,
        KeyConditionExpression = "#n0 = :v0",
        ExpressionAttributeNames = new Dictionary<string, string> { ["#n0"] = "PK" },
        ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":v0"] = new() { S = "USER#any" } },
        Limit = ItemQuery.MaxPageSize,
        ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
    };

    internal static GetItemRequest GetRequest(Dictionary<string, AttributeValue> item) => new()
    {
        TableName = TableName,
        Key = new Dictionary<string, AttributeValue> { ["PK"] = new() { S = item["PK"].S }, ["SK"] = new() { S = item["SK"].S } },
        ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
    };

    // Every contender reads the same entities from the replayed bytes (compared item by item after writing them again).
    private static async Task CheckAsync(EntityTable table, IAmazonDynamoDB client, ContextMapping context, List<Dictionary<string, AttributeValue>> page, User user)
    {
        var ours = (await table.QueryAsync(new ItemQuery("USER#any") { PageSize = ItemQuery.MaxPageSize }).ConfigureAwait(false)).Items;
        var sdk = (await client.QueryAsync(QueryRequest()).ConfigureAwait(false)).Items;
        if (ours.Count != page.Count || sdk.Count != page.Count)
        {
            throw new InvalidOperationException($"The replayed page read {ours.Count} (ours) and {sdk.Count} (SDK) items, not {page.Count}.");
        }

        for (var i = 0; i < page.Count; i++)
        {
            ItemComparer.AssertEqual($"replayed page item {i} (ours)", page[i], Equivalence.Encode(ours[i]));
            ItemComparer.AssertEqual($"replayed page item {i} (tuned hand-written)", page[i], Equivalence.Encode(TunedHandWrittenMapping.Decode(sdk[i])!));
            ItemComparer.AssertEqual($"replayed page item {i} (SDK)", page[i], sdk[i]);
        }

        var got = await table.GetAsync<User>(User.CreateKey(user.UserId)).ConfigureAwait(false);
        ItemComparer.AssertEqual("replayed GetItem (ours)", User.Mapper.ToItem(user), User.Mapper.ToItem(got!));
        var loaded = await context.Context.LoadAsync<ContextUser>(User.Mapper.ToItem(user)["PK"].S, "USER").ConfigureAwait(false);
        ItemComparer.AssertEqual("replayed GetItem (DynamoDBContext)", User.Mapper.ToItem(user), context.ToItem(loaded.SetKeys()));
    }
}
