using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Endpoints;

namespace SaasUsers.Data.Http;

/// <summary>
/// The direct read path's HTTP side for one SDK client: the same endpoint, signing region, credentials, attempts,
/// timeout and <see cref="ClientConfig.HttpClientFactory"/> as the <see cref="AmazonDynamoDBClient"/> it is made
/// from, sending DynamoDB's JSON protocol through <see cref="AwsJsonClient"/> so that the table can read the raw
/// answer (the SDK 4.0 hands out only unmarshalled responses). One a client, shared by every table on it.
/// </summary>
internal sealed class DirectDynamoDbClient
{
    private const string TargetPrefix = "DynamoDB_20120810";

    // Without an HttpClientFactory the SDK keeps its own pool; ours is one handler for the process, as the SDK's.
    private static readonly Lazy<SocketsHttpHandler> SharedHandler = new(() => new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    });

    private static readonly ConditionalWeakTable<IAmazonDynamoDB, Holder> ByClient = new();

    private DirectDynamoDbClient(AwsJsonClient json) => Json = json;

    /// <summary>Sends the requests.</summary>
    public AwsJsonClient Json { get; }

    /// <summary>
    /// The direct client for <paramref name="client"/>, or <see langword="null"/> when it cannot go direct: a
    /// subclass or another <see cref="IAmazonDynamoDB"/> (a mock, a decorator) may change what a call does, and a
    /// proxy configured without an <see cref="ClientConfig.HttpClientFactory"/> is the SDK's to apply.
    /// </summary>
    public static DirectDynamoDbClient? For(IAmazonDynamoDB client) =>
        ByClient.GetValue(client, static c => new Holder(Create(c))).Client;

    private static DirectDynamoDbClient? Create(IAmazonDynamoDB client)
    {
        if (client.GetType() != typeof(AmazonDynamoDBClient) || client.Config is not ClientConfig config)
        {
            return null;
        }

        HttpClient http;
        if (config.HttpClientFactory is { } factory)
        {
            http = factory.CreateHttpClient(config);
        }
        else if (config.ProxyHost is { Length: > 0 } || config.GetWebProxy() is not null)
        {
            return null;
        }
        else
        {
            http = new HttpClient(SharedHandler.Value, disposeHandler: false) { Timeout = config.Timeout ?? TimeSpan.FromSeconds(100) };
        }

        var explicitCredentials = ExplicitCredentials((AmazonServiceClient)client);
        var credentials = new Lazy<AWSCredentials>(() => explicitCredentials ?? DefaultCredentials(config));
        var endpoint = new AwsJsonEndpoint(
            Url(config),
            AwsJsonEndpoint.SigningRegion(config),
            "dynamodb",
            TargetPrefix,
            AwsJsonEndpoint.FromSdk(credentials),
            Math.Max(1, config.MaxErrorRetry + 1));
        return new DirectDynamoDbClient(new AwsJsonClient(http, endpoint, errors: AwsJsonErrors.DynamoDb));
    }

    private static Uri Url(ClientConfig config) =>
        !string.IsNullOrEmpty(config.ServiceURL)
            ? new Uri(config.ServiceURL)
            : new Uri(config.DetermineServiceOperationEndpoint(new ServiceOperationEndpointParameters(new GetItemRequest())).URL);

    // The credentials the client was built with; not public in the SDK, read without reflection (trim and AOT safe).
    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_ExplicitAWSCredentials")]
    private static extern AWSCredentials? ExplicitCredentials(AmazonServiceClient client);

    // What the SDK resolves for a client built without credentials: the config's, else the default chain.
    private static AWSCredentials DefaultCredentials(IClientConfig config) =>
        config.DefaultAWSCredentials ?? new DefaultAWSCredentialsIdentityResolver().ResolveIdentity(config);

    private sealed class Holder(DirectDynamoDbClient? client)
    {
        public DirectDynamoDbClient? Client { get; } = client;
    }
}
