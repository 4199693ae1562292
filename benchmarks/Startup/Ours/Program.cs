using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using SaasUsers.Data;
using SaasUsers.Data.Startup;

// Start-up to the first mapped item with SaasUsers.Data:
//   none              print and exit: the runtime's own start-up, the floor of every mode
//   map               decode the stored user item with the generated mapper (no client, no request)
//   map-client        the same after creating a DynamoDB client, as the DynamoDBContext console must
//   get URL           read the user from DynamoDB Local through EntityTable.GetAsync (one GetItem) and decode it
//   get-lowlevel URL  the same GetItem sent with the low-level client, decoded with the generated mapper
//   seed URL          create the table and store the user (run once before measuring the gets)
var mode = args.Length > 0 ? args[0] : "map";
var url = args.Length > 1 ? args[1] : "http://127.0.0.1:9";
switch (mode)
{
    case "none":
        StoredUser.Report("ours none", null);
        return 0;
    case "map":
        StoredUser.Report("ours map", User.Mapper.FromItem(StoredUser.Item()).UserId);
        return 0;
}

using var client = new AmazonDynamoDBClient(
    new BasicAWSCredentials("bench", "bench"),
    new AmazonDynamoDBConfig { ServiceURL = url, AuthenticationRegion = "us-east-1" });
var options = new SaasUsersTableOptions { TableName = StoredUser.TableName, CursorSigningKey = "c2Fhc3VzZXJzLWJlbmNoLWN1cnNvci1rZXktMzItYnl0ZXMh" };
switch (mode)
{
    case "map-client":
        StoredUser.Report("ours map-client", User.Mapper.FromItem(StoredUser.Item()).UserId);
        return 0;
    case "get":
        var table = new EntityTable(client, SaasUsersModel.Default, options);
        var user = await table.GetAsync<User>(User.CreateKey(StoredUser.UserId));
        StoredUser.Report("ours get", user?.UserId);
        return 0;
    case "get-lowlevel":
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = StoredUser.TableName,
            Key = new Dictionary<string, AttributeValue> { ["PK"] = new() { S = StoredUser.PartitionKey }, ["SK"] = new() { S = StoredUser.SortKey } },
        });
        StoredUser.Report("ours get-lowlevel", User.Mapper.FromItem(response.Item).UserId);
        return 0;
    case "seed":
        await new TableProvisioner(client, SaasUsersModel.Default, options).EnsureTableAsync();
        await client.PutItemAsync(new PutItemRequest { TableName = StoredUser.TableName, Item = StoredUser.Item() });
        Console.WriteLine($"seeded {StoredUser.TableName}");
        return 0;
    default:
        Console.Error.WriteLine("usage: none | map | map-client | get URL | get-lowlevel URL | seed URL");
        return 2;
}
