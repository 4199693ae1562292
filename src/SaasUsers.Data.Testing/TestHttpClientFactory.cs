using Amazon.Runtime;

namespace SaasUsers.Data.Testing;

/// <summary>
/// Gives the SDK an <see cref="HttpClient"/> whose handler records requests and injects faults before they reach
/// DynamoDB Local. One factory per client: each client gets its own handler chain.
/// </summary>
internal sealed class TestHttpClientFactory : HttpClientFactory
{
    private readonly DynamoDbClientOptions _options;
    private readonly DynamoDbRequestLog? _suiteLog;

    public TestHttpClientFactory(DynamoDbClientOptions options, DynamoDbRequestLog? suiteLog = null)
    {
        _options = options;
        _suiteLog = suiteLog;
    }

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(new InterceptingHandler(_options, _suiteLog) { InnerHandler = new SocketsHttpHandler() })
        {
            Timeout = clientConfig.Timeout ?? _options.Timeout,
        };

    // A cached client would be shared with clients that have other handlers (or none).
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    public override string GetConfigUniqueString(IClientConfig clientConfig) => "saasusers-testing-" + _options.GetHashCode();

    private sealed class InterceptingHandler(DynamoDbClientOptions options, DynamoDbRequestLog? suiteLog) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var operation = DynamoDbOperation.Of(request);
            var parts = options.RequestLog is null && suiteLog is null ? [] : await DynamoDbOperation.PartsOfAsync(operation, request, cancellationToken).ConfigureAwait(false);
            options.RequestLog?.Record(operation, parts);
            suiteLog?.Record(operation, parts);
            if (options.Faults is { } faults)
            {
                var injected = await faults.TryInjectAsync(request, operation, base.SendAsync, cancellationToken).ConfigureAwait(false);
                if (injected is not null)
                {
                    return injected;
                }
            }

            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
