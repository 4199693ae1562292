using Amazon.DynamoDBv2;
using Amazon.Runtime;
using SaasUsers.Data.Benchmarks.Context;
using SaasUsers.Data.Startup;

// Start-up to the first mapped item with the AWS SDK's DynamoDBContext:
//   map        decode the stored user item (Document.FromAttributeMap + FromDocument; no request)
//   get URL    read the user from DynamoDB Local with LoadAsync (one GetItem) and decode it
var mode = args.Length > 0 ? args[0] : "map";
var url = args.Length > 1 ? args[1] : "http://127.0.0.1:9";
using var client = new AmazonDynamoDBClient(
    new BasicAWSCredentials("bench", "bench"),
    new AmazonDynamoDBConfig { ServiceURL = url, AuthenticationRegion = "us-east-1" });
using var mapping = new ContextMapping(client);

switch (mode)
{
    case "map":
        StoredUser.Report("context map", mapping.FromItem<ContextUser>(StoredUser.Item()).UserId);
        break;
    case "get":
        var user = await mapping.Context.LoadAsync<ContextUser>(StoredUser.PartitionKey, StoredUser.SortKey);
        StoredUser.Report("context get", user?.UserId);
        break;
    default:
        Console.Error.WriteLine("usage: map | get URL");
        return 2;
}

return 0;
