using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace SaasUsers.Data;

/// <summary>Builds the <see cref="IAmazonDynamoDB"/> that <c>AddSaasUsersTable</c> registers when the application has none.</summary>
internal static class DynamoDbClientFactory
{
    public static IAmazonDynamoDB Create(SaasUsersTableOptions options)
    {
        // Set explicitly: left unset, the SDK retried a refused connection for about 110 s although it reports
        // MaxErrorRetry = 2, so a dead endpoint held every call (and the health check) for over a minute.
        var config = new AmazonDynamoDBConfig
        {
            Timeout = options.RequestTimeout,
            MaxErrorRetry = options.MaxErrorRetry,
        };
        if (options.Region is { } region)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        if (options.ServiceUrl is { } serviceUrl)
        {
            config.ServiceURL = serviceUrl;
            config.AuthenticationRegion = options.Region ?? "us-east-1";
            if (IsLoopback(serviceUrl))
            {
                // DynamoDB Local accepts any credentials; fixed dummy ones keep a developer's real keys out of it.
                return new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"), config);
            }
        }

        return new AmazonDynamoDBClient(config);
    }

    private static bool IsLoopback(string serviceUrl) =>
        Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
