using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using DotNet.Testcontainers.Builders;

namespace SaasUsers.Data.Testing;

/// <summary>
/// One DynamoDB Local endpoint for a whole test run (or a sample): either a running DynamoDB Local named by the
/// <c>SAASUSERS_DYNAMODB_URL</c> environment variable, in which case nothing is started, or one container that is
/// started on first use (once, thread-safe) and removed by <see cref="DisposeAsync"/>.
/// </summary>
/// <remarks>
/// Clients made here use dummy credentials and region <c>us-east-1</c>. DynamoDB Local keeps one set of tables
/// per access key and region, so every client of one endpoint sees the same tables.
/// </remarks>
public sealed class DynamoDbLocal : IAsyncDisposable
{
    /// <summary>
    /// The environment variable that names a running DynamoDB Local (e.g. <c>http://127.0.0.1:8000</c>) to use
    /// instead of starting a container.
    /// </summary>
    public const string ServiceUrlVariable = "SAASUSERS_DYNAMODB_URL";

    /// <summary>
    /// The environment variable that names another DynamoDB Local image to start instead of
    /// <see cref="DynamoDbLocalBuilder.DefaultImage"/>.
    /// </summary>
    public const string ImageVariable = "SAASUSERS_DYNAMODB_IMAGE";

    /// <summary>The region the clients sign for. DynamoDB Local accepts any; this one is fixed so all clients share tables.</summary>
    public const string Region = "us-east-1";

    // DynamoDB Local wants an access key of letters and digits only.
    private const string AccessKey = "saasuserslocal";
    private const string SecretKey = "saasuserslocal";

    private static DynamoDbRequestLog? _suiteRequestLog;

    /// <summary>
    /// The dummy credentials the kit's clients sign with. DynamoDB Local keeps one database per access key, so
    /// anything else that talks to it (the change feed's Streams API client) must use the same.
    /// </summary>
    public static AWSCredentials Credentials { get; } = new BasicAWSCredentials(AccessKey, SecretKey);

    private readonly Uri? _externalServiceUrl;
    private readonly DynamoDbLocalBuilder? _builder;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _disposing = new();
    private Task<Uri>? _start;
    private DynamoDbLocalContainer? _container;
    private bool _disposed;

    private DynamoDbLocal(Uri? externalServiceUrl, DynamoDbLocalBuilder? builder)
    {
        _externalServiceUrl = externalServiceUrl;
        _builder = builder;
    }

    /// <summary>
    /// The endpoint the environment asks for: <see cref="ServiceUrlVariable"/> when set, else a container of the
    /// image in <see cref="ImageVariable"/> or <see cref="DynamoDbLocalBuilder.DefaultImage"/>.
    /// </summary>
    /// <param name="containerLogger">Where Testcontainers logs the container's life; its default console logger when null.</param>
    /// <returns>The endpoint; nothing is started yet.</returns>
    /// <exception cref="InvalidOperationException"><see cref="ServiceUrlVariable"/> is not an absolute http(s) URL.</exception>
    public static DynamoDbLocal FromEnvironment(Microsoft.Extensions.Logging.ILogger? containerLogger = null)
    {
        var url = Environment.GetEnvironmentVariable(ServiceUrlVariable);
        if (!string.IsNullOrWhiteSpace(url))
        {
            if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var serviceUrl) ||
                (serviceUrl.Scheme != Uri.UriSchemeHttp && serviceUrl.Scheme != Uri.UriSchemeHttps))
            {
                throw new InvalidOperationException(
                    $"{ServiceUrlVariable} is '{url}', which is not an absolute http or https URL of a running DynamoDB Local (for example http://127.0.0.1:8000).");
            }

            // Tests that start containers of their own as well (to pause or stop one) need the engine's settings
            // before Testcontainers first reads them; with no engine this sets nothing.
            DockerEngineSettings.ApplyWhenNeeded();
            return ForServiceUrl(serviceUrl);
        }

        // Before Testcontainers reads its settings: what this engine needs (API version, reaper, host), only if needed.
        DockerEngineSettings.ApplyWhenNeeded();
        var image = Environment.GetEnvironmentVariable(ImageVariable);
        var builder = string.IsNullOrWhiteSpace(image) ? new DynamoDbLocalBuilder() : new DynamoDbLocalBuilder(image.Trim());
        return ForContainer(containerLogger is null ? builder : builder.WithLogger(containerLogger));
    }

    /// <summary>An endpoint for a DynamoDB Local that is already running; nothing is started or stopped.</summary>
    /// <param name="serviceUrl">Its URL, e.g. <c>http://127.0.0.1:8000</c>.</param>
    /// <returns>The endpoint.</returns>
    public static DynamoDbLocal ForServiceUrl(Uri serviceUrl)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        if (!serviceUrl.IsAbsoluteUri)
        {
            throw new ArgumentException("The DynamoDB Local URL must be absolute, for example http://127.0.0.1:8000.", nameof(serviceUrl));
        }

        return new DynamoDbLocal(serviceUrl, builder: null);
    }

    /// <summary>An endpoint that starts a container from <paramref name="builder"/> on first use.</summary>
    /// <param name="builder">The container to start.</param>
    /// <returns>The endpoint; nothing is started yet.</returns>
    public static DynamoDbLocal ForContainer(DynamoDbLocalBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return new DynamoDbLocal(externalServiceUrl: null, builder);
    }

    /// <summary>
    /// A request log that every client made by <see cref="CreateClient(Uri, DynamoDbClientOptions?)"/> from now on
    /// also records into (the fixtures' clients included), next to its own <see cref="DynamoDbClientOptions.RequestLog"/>;
    /// <see langword="null"/> (the default) for none. Set it once, before the first test, to see every request a test
    /// run sends, for example to check an IAM policy against what a library really calls.
    /// </summary>
    public static DynamoDbRequestLog? SuiteRequestLog
    {
        get => Volatile.Read(ref _suiteRequestLog);
        set => Volatile.Write(ref _suiteRequestLog, value);
    }

    /// <summary>Whether this endpoint runs its own container (<see langword="false"/> for <see cref="ServiceUrlVariable"/>).</summary>
    public bool StartsContainer => _builder is not null;

    /// <summary>
    /// The service URL; the first call starts the container (later and concurrent calls share that start, and a
    /// failed start fails every call the same way).
    /// </summary>
    /// <param name="cancellationToken">Stops waiting; the start itself goes on for the other callers.</param>
    /// <returns>The URL to put into <c>AmazonDynamoDBConfig.ServiceURL</c>.</returns>
    /// <exception cref="InvalidOperationException">DynamoDB Local could not be started; the message says why and what to do.</exception>
    /// <exception cref="ObjectDisposedException">The endpoint was disposed.</exception>
    public Task<Uri> GetServiceUrlAsync(CancellationToken cancellationToken = default)
    {
        if (_externalServiceUrl is not null)
        {
            return Task.FromResult(_externalServiceUrl);
        }

        Task<Uri> start;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            start = _start ??= StartContainerAsync(_builder!, _disposing.Token);
        }

        return start.WaitAsync(cancellationToken);
    }

    /// <summary>A DynamoDB client for this endpoint (starting the container on first use). The caller disposes it.</summary>
    /// <param name="cancellationToken">Stops waiting for the start.</param>
    /// <returns>The client.</returns>
    /// <exception cref="InvalidOperationException">DynamoDB Local could not be started; the message says why and what to do.</exception>
    public async Task<IAmazonDynamoDB> CreateClientAsync(CancellationToken cancellationToken = default)
    {
        var serviceUrl = await GetServiceUrlAsync(cancellationToken).ConfigureAwait(false);
        return CreateClient(serviceUrl);
    }

    /// <summary>
    /// A DynamoDB client for a DynamoDB Local at <paramref name="serviceUrl"/>: dummy credentials, region
    /// <see cref="Region"/>, a 30 second request timeout and two retries, unless <paramref name="options"/> say
    /// otherwise; with a request log and fault injection when the options hold them (and the
    /// <see cref="SuiteRequestLog"/> when one is set). The caller disposes it.
    /// </summary>
    /// <param name="serviceUrl">The DynamoDB Local URL.</param>
    /// <param name="options">Timeout, retries, request log and faults; the defaults when null.</param>
    /// <returns>The client.</returns>
    public static IAmazonDynamoDB CreateClient(Uri serviceUrl, DynamoDbClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        options ??= new DynamoDbClientOptions();
        var config = new AmazonDynamoDBConfig
        {
            ServiceURL = serviceUrl.ToString(),
            AuthenticationRegion = Region,
            Timeout = options.Timeout,
            MaxErrorRetry = options.MaxErrorRetry,
        };

        var suiteLog = SuiteRequestLog;
        if (options.RequestLog is not null || options.Faults is not null || suiteLog is not null)
        {
            config.HttpClientFactory = new TestHttpClientFactory(options, suiteLog);
        }

        return new AmazonDynamoDBClient(options.Credentials ?? Credentials, config);
    }

    /// <summary>Stops and removes the container when this endpoint started one. Safe to call more than once.</summary>
    /// <returns>A task that completes when the container is gone.</returns>
    public async ValueTask DisposeAsync()
    {
        Task<Uri>? start;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            start = _start;
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        if (start is not null)
        {
            // A start in progress notices the cancellation and removes its container itself.
            await Task.WhenAny(start).ConfigureAwait(false);
        }

        if (_container is not null)
        {
            await _container.DisposeAsync().ConfigureAwait(false);
            _container = null;
        }

        _disposing.Dispose();
    }

    private async Task<Uri> StartContainerAsync(DynamoDbLocalBuilder builder, CancellationToken cancellationToken)
    {
        // Off the caller's synchronization context, and Build() inside the try: it checks that Docker answers.
        await Task.Yield();
        DynamoDbLocalContainer? container = null;
        try
        {
            container = builder.Build();
            await container.StartAsync(cancellationToken).ConfigureAwait(false);
            _container = container;
            return container.GetServiceUrl();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var logs = container is null ? null : await TryGetLogTailAsync(container).ConfigureAwait(false);
            if (container is not null)
            {
                await container.DisposeAsync().ConfigureAwait(false);
            }

            throw new InvalidOperationException(DescribeStartFailure(builder, ex, logs), ex);
        }
        catch (OperationCanceledException)
        {
            if (container is not null)
            {
                await container.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    // Written for the author of an application's tests: what went wrong in plain words, Docker's own error in
    // parentheses (not as the last word), the container's log when it ran, and last what to do about it.
    private static string DescribeStartFailure(DynamoDbLocalBuilder builder, Exception ex, string? logs)
    {
        var image = builder.ImageName;
        var first = ex.Message.Split('\n', 2)[0].Trim().TrimEnd('.');
        var innermost = ex.GetBaseException().Message.Split('\n', 2)[0].Trim().TrimEnd('.');
        var dockerSaid = innermost == first ? first : $"{first}: {innermost}";
        var (problem, remedy) = ex switch
        {
            DockerUnavailableException or { InnerException: System.Net.Http.HttpRequestException or System.Net.Sockets.SocketException }
                or { InnerException.InnerException: System.Net.Http.HttpRequestException or System.Net.Sockets.SocketException } => (
                "no Docker engine answers on this machine",
                "Start Docker (or point DOCKER_HOST at an engine)"),
            _ when dockerSaid.Contains("too new", StringComparison.OrdinalIgnoreCase) => (
                "the Docker engine is older than the API version Testcontainers asks for",
                "Set DOCKER_API_VERSION to the engine's API version (docker version --format '{{.Server.APIVersion}}') before the tests start"),
            _ when dockerSaid.Contains("pull", StringComparison.OrdinalIgnoreCase) || dockerSaid.Contains("not found", StringComparison.OrdinalIgnoreCase) => (
                $"the image {image} is not on this machine and could not be pulled",
                $"Pull {image} where a registry is reachable, or name an image this machine has in {ImageVariable}"),
            _ => (
                "Docker could not run its container",
                "Check that Docker can run containers here (docker run --rm hello-world)"),
        };
        var message = new System.Text.StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"DynamoDB Local ({image}) could not be started for the tests: {problem} (Docker: {dockerSaid}).");
        if (logs is not null)
        {
            message.AppendLine().AppendLine("Its container log (last lines):").AppendLine(logs);
        }
        else
        {
            message.Append(' ');
        }

        return message
            .Append(CultureInfo.InvariantCulture, $"{remedy}; or run DynamoDB Local yourself and set {ServiceUrlVariable} to its URL (for example http://127.0.0.1:8000), and the tests start no container.")
            .ToString();
    }

    private static async Task<string?> TryGetLogTailAsync(DynamoDbLocalContainer container)
    {
        try
        {
            var (stdout, stderr) = await container.GetLogsAsync().ConfigureAwait(false);
            var lines = (stdout + stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return lines.Length == 0 ? null : string.Join(Environment.NewLine, lines.TakeLast(20));
        }
        catch (Exception)
        {
            // No container to read (it was never created): the logs only decorate the real error.
            return null;
        }
    }
}
