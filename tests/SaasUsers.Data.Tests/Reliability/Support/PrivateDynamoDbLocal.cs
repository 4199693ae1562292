using Amazon.DynamoDBv2;
using Amazon.Runtime;
using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.Reliability.Support;

/// <summary>
/// A DynamoDB Local container of its own, for tests that pause or stop it: never the shared one, which other test
/// classes use at the same time. Started by <see cref="StartAsync"/>, removed by <see cref="DisposeAsync"/>.
/// </summary>
public sealed class PrivateDynamoDbLocal : IAsyncDisposable
{
    private readonly DynamoDbLocalContainer _container;
    private int _paused;

    private PrivateDynamoDbLocal(DynamoDbLocalContainer container, Uri serviceUrl)
    {
        _container = container;
        ServiceUrl = serviceUrl;
    }

    public Uri ServiceUrl { get; }

    /// <summary>Whether the container is paused now.</summary>
    public bool IsPaused => Volatile.Read(ref _paused) == 1;

    public static async Task<PrivateDynamoDbLocal> StartAsync(CancellationToken cancellationToken)
    {
        // The same engine settings and image the shared endpoint uses.
        DockerEngineSettings.ApplyWhenNeeded();
        var image = Environment.GetEnvironmentVariable(DynamoDbLocal.ImageVariable);
        var container = (string.IsNullOrWhiteSpace(image) ? new DynamoDbLocalBuilder() : new DynamoDbLocalBuilder(image.Trim())).Build();
        try
        {
            await container.StartAsync(cancellationToken);
            return new PrivateDynamoDbLocal(container, container.GetServiceUrl());
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }
    }

    // DynamoDB Local keeps one set of tables per access key: every client of this container signs with this one.
    private static readonly BasicAWSCredentials Credentials = new("reliability", "reliability");

    /// <summary>A plain client of the kit (30 s timeout, 2 retries), for setting up and checking the table.</summary>
    public IAmazonDynamoDB CreateClient() => DynamoDbLocal.CreateClient(ServiceUrl, new DynamoDbClientOptions { Credentials = Credentials });

    /// <summary>
    /// A client with the given timeout and retries whose requests first pass <paramref name="beforeSend"/>, which may
    /// pause the container before the request goes out (it then waits inside DynamoDB Local's frozen socket).
    /// </summary>
    public IAmazonDynamoDB CreateClient(TimeSpan timeout, int maxErrorRetry, Func<string, Task>? beforeSend = null, DynamoDbRequestLog? log = null)
    {
        var config = new AmazonDynamoDBConfig
        {
            ServiceURL = ServiceUrl.ToString(),
            AuthenticationRegion = DynamoDbLocal.Region,
            Timeout = timeout,
            MaxErrorRetry = maxErrorRetry,
            RetryMode = RequestRetryMode.Standard,
            HttpClientFactory = new HookedHttpClientFactory(beforeSend, log),
        };
        return new AmazonDynamoDBClient(Credentials, config);
    }

    /// <summary>Creates the table of <paramref name="model"/> with the package's provisioner.</summary>
    public async Task<SaasUsersTableOptions> CreateTableAsync(TableModel model, string hint, CancellationToken cancellationToken)
    {
        var options = new SaasUsersTableOptions
        {
            TableName = TestTableNames.New(hint),
            ServiceUrl = ServiceUrl.ToString(),
            Region = DynamoDbLocal.Region,
            TableActiveTimeout = TimeSpan.FromSeconds(60),
            CursorSigningKey = Convert.ToBase64String(new byte[32]),
        };
        using var client = CreateClient();
        await new TableProvisioner(client, model, options).EnsureTableAsync(cancellationToken);
        return options;
    }

    public async Task PauseAsync()
    {
        await _container.PauseAsync();
        Volatile.Write(ref _paused, 1);
    }

    public async Task UnpauseAsync()
    {
        if (Interlocked.Exchange(ref _paused, 0) == 1)
        {
            await _container.UnpauseAsync();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => _container.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await UnpauseAsync();
        await _container.DisposeAsync();
    }

    private sealed class HookedHttpClientFactory(Func<string, Task>? beforeSend, DynamoDbRequestLog? log) : HttpClientFactory
    {
        private readonly string _unique = "reliability-" + Guid.NewGuid().ToString("N");

        public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
            new(new Handler(beforeSend, log) { InnerHandler = new SocketsHttpHandler() }) { Timeout = clientConfig.Timeout ?? TimeSpan.FromSeconds(100) };

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

        public override string GetConfigUniqueString(IClientConfig clientConfig) => _unique;

        private sealed class Handler(Func<string, Task>? beforeSend, DynamoDbRequestLog? log) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var operation = DynamoDbOperation.Of(request);
                log?.Record(operation);
                DynamoDbLocal.SuiteRequestLog?.Record(operation);
                if (beforeSend is not null)
                {
                    await beforeSend(operation);
                }

                return await base.SendAsync(request, cancellationToken);
            }
        }
    }
}

/// <summary>A class fixture holding one <see cref="PrivateDynamoDbLocal"/> for the tests of one class (which run one after another).</summary>
public sealed class PrivateDynamoDbLocalFixture : IAsyncLifetime
{
    private PrivateDynamoDbLocal? _dynamoDb;

    public PrivateDynamoDbLocal DynamoDb => _dynamoDb ?? throw new InvalidOperationException("Not initialized.");

    public async ValueTask InitializeAsync() => _dynamoDb = await PrivateDynamoDbLocal.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_dynamoDb is not null)
        {
            await _dynamoDb.DisposeAsync();
        }
    }
}
