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

    /// <summary>The endpoint (its port changes when the container is started again).</summary>
    public Uri ServiceUrl { get; private set; }

    /// <summary>Whether the container is paused now.</summary>
    public bool IsPaused => Volatile.Read(ref _paused) == 1;

    /// <summary>Starts a container of its own.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="keepDataOnDisk">
    /// Whether DynamoDB Local keeps its tables in a file in the container (<c>-dbPath</c>) instead of in memory, so
    /// that they survive a stop and a start (<see cref="StartAgainAsync"/>).
    /// </param>
    public static async Task<PrivateDynamoDbLocal> StartAsync(CancellationToken cancellationToken, bool keepDataOnDisk = false)
    {
        // The same engine settings and image the shared endpoint uses.
        DockerEngineSettings.ApplyWhenNeeded();
        var image = Environment.GetEnvironmentVariable(DynamoDbLocal.ImageVariable);
        var builder = string.IsNullOrWhiteSpace(image) ? new DynamoDbLocalBuilder() : new DynamoDbLocalBuilder(image.Trim());
        if (keepDataOnDisk)
        {
            // Both images (Amazon's and the one eng/ builds) run java in /home/dynamodblocal with the jar there.
            builder = builder.WithCommand("-Djava.library.path=./DynamoDBLocal_lib", "-jar", "DynamoDBLocal.jar", "-dbPath", ".");
        }

        var container = builder.Build();
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
    /// A client with the given timeout and retries. Each request body goes out in two halves: after the first has
    /// reached DynamoDB Local, <paramref name="inFlight"/> runs (given the API name) and may pause the container, so
    /// that DynamoDB Local freezes in the middle of reading a request, not before it was sent.
    /// </summary>
    public IAmazonDynamoDB CreateClient(TimeSpan timeout, int maxErrorRetry, Func<string, Task>? inFlight = null, DynamoDbRequestLog? log = null)
    {
        var config = new AmazonDynamoDBConfig
        {
            ServiceURL = ServiceUrl.ToString(),
            AuthenticationRegion = DynamoDbLocal.Region,
            Timeout = timeout,
            MaxErrorRetry = maxErrorRetry,
            RetryMode = RequestRetryMode.Standard,
            HttpClientFactory = new HookedHttpClientFactory(inFlight, log),
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

    /// <summary>Starts the stopped container again (on a new port: make new clients afterwards).</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken)
    {
        await _container.StartAsync(cancellationToken);
        ServiceUrl = _container.GetServiceUrl();
    }

    public async ValueTask DisposeAsync()
    {
        await UnpauseAsync();
        await _container.DisposeAsync();
    }

    private sealed class HookedHttpClientFactory(Func<string, Task>? inFlight, DynamoDbRequestLog? log) : HttpClientFactory
    {
        private readonly string _unique = "reliability-" + Guid.NewGuid().ToString("N");

        public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
            new(new Handler(inFlight, log) { InnerHandler = new SocketsHttpHandler() }) { Timeout = clientConfig.Timeout ?? TimeSpan.FromSeconds(100) };

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

        public override string GetConfigUniqueString(IClientConfig clientConfig) => _unique;

        private sealed class Handler(Func<string, Task>? inFlight, DynamoDbRequestLog? log) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var operation = DynamoDbOperation.Of(request);
                var parts = await DynamoDbOperation.PartsOfAsync(operation, request, cancellationToken);
                log?.Record(operation, parts);
                DynamoDbLocal.SuiteRequestLog?.Record(operation, parts);
                if (inFlight is not null && request.Content is { } content)
                {
                    request.Content = new InTwoHalvesContent(await content.ReadAsByteArrayAsync(cancellationToken), content, () => inFlight(operation));
                }

                return await base.SendAsync(request, cancellationToken);
            }
        }

        /// <summary>The body sent in two halves, flushed to the socket, with <c>midway</c> run between them.</summary>
        private sealed class InTwoHalvesContent : HttpContent
        {
            private readonly byte[] _body;
            private readonly Func<Task> _midway;

            public InTwoHalvesContent(byte[] body, HttpContent original, Func<Task> midway)
            {
                _body = body;
                _midway = midway;
                foreach (var header in original.Headers)
                {
                    Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
                SerializeToStreamAsync(stream, context, CancellationToken.None);

            protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
            {
                var half = _body.Length / 2;
                await stream.WriteAsync(_body.AsMemory(0, half), cancellationToken);
                await stream.FlushAsync(cancellationToken);
                await _midway();
                await stream.WriteAsync(_body.AsMemory(half), cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }

            protected override bool TryComputeLength(out long length)
            {
                length = _body.Length;
                return true;
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
