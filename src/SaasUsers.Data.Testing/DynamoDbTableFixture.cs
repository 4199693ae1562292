using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace SaasUsers.Data.Testing;

/// <summary>
/// An xunit v3 class fixture that gives one test class its own fresh SaasUsers table on the shared DynamoDB Local
/// (<see cref="DynamoDbLocalFixture"/>, which must be an assembly fixture): <c>IClassFixture&lt;DynamoDbTableFixture&gt;</c>.
/// </summary>
/// <remarks>
/// The table is named <c>t-&lt;test class&gt;-&lt;random&gt;</c> and is created by the package's own
/// <see cref="TableProvisioner"/> from the model (the package's entities, plus those a subclass adds in
/// <see cref="ConfigureModel"/>), so tests run against exactly the table the application gets. It is ACTIVE before
/// the first test runs and deleted after the last. Test classes run in parallel, each with its own table.
/// </remarks>
public class DynamoDbTableFixture : IAsyncLifetime
{
    // A fixed key, so cursors work across the services a test builds (never use it outside tests).
    private static readonly string TestCursorKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray());

    private readonly DynamoDbLocalFixture _dynamoDb;
    private IAmazonDynamoDB? _client;
    private string? _tableName;
    private Uri? _serviceUrl;
    private TableModel? _model;

    /// <summary>Creates the fixture; xunit passes the assembly fixture.</summary>
    /// <param name="dynamoDb">The shared DynamoDB Local.</param>
    public DynamoDbTableFixture(DynamoDbLocalFixture dynamoDb)
    {
        ArgumentNullException.ThrowIfNull(dynamoDb);
        _dynamoDb = dynamoDb;
    }

    /// <summary>The table's name.</summary>
    public string TableName => _tableName ?? throw NotInitialized();

    /// <summary>A DynamoDB client for the shared endpoint, owned by the fixture (do not dispose it).</summary>
    public IAmazonDynamoDB Client => _client ?? throw NotInitialized();

    /// <summary>The URL of the DynamoDB Local that holds the table.</summary>
    public Uri ServiceUrl => _serviceUrl ?? throw NotInitialized();

    /// <summary>The entity types of the table: the package's own and those <see cref="ConfigureModel"/> added.</summary>
    public TableModel Model => _model ?? throw NotInitialized();

    /// <summary>Options that point the package at this table on DynamoDB Local.</summary>
    /// <returns>New options; change them freely.</returns>
    public SaasUsersTableOptions CreateOptions() => new()
    {
        TableName = TableName,
        ServiceUrl = ServiceUrl.ToString(),
        Region = DynamoDbLocal.Region,
        CursorSigningKey = TestCursorKey,
        TableActiveTimeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>A new client for the shared endpoint, with a request log or fault injection if asked; the caller disposes it.</summary>
    /// <param name="options">Timeout, retries, request log and faults.</param>
    /// <returns>The client.</returns>
    public IAmazonDynamoDB CreateClient(DynamoDbClientOptions? options = null) => DynamoDbLocal.CreateClient(ServiceUrl, options);

    /// <summary>
    /// A service provider with <c>AddSaasUsersTable</c> pointed at this table, as the application would build it,
    /// with the fixture's model and a client of its own (with a request log or fault injection if asked). The
    /// caller disposes it (which disposes the client).
    /// </summary>
    /// <param name="configure">Registers more services or replaces some (for example a fake <see cref="TimeProvider"/>).</param>
    /// <param name="clientOptions">Timeout, retries, request log and faults of the client.</param>
    /// <returns>The service provider.</returns>
    public ServiceProvider CreateServices(Action<IServiceCollection>? configure = null, DynamoDbClientOptions? clientOptions = null)
    {
        var services = new ServiceCollection();
        var options = CreateOptions();
        services.AddSingleton(Model);
        services.AddSingleton(_ => CreateClient(clientOptions));
        // The change feed's Streams API client signs as the table's client does (DynamoDB Local: one database per key).
        services.AddSingleton(clientOptions?.Credentials ?? DynamoDbLocal.Credentials);
        services.AddSaasUsersTable(o =>
        {
            o.TableName = options.TableName;
            o.ServiceUrl = options.ServiceUrl;
            o.Region = options.Region;
            o.CursorSigningKey = options.CursorSigningKey;
            o.TableActiveTimeout = options.TableActiveTimeout;
        });
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>
    /// Every item of the table, read with a strongly consistent <c>Scan</c> (all pages): for a test to prove what was
    /// written, or that nothing was. The package never scans on an application path; a test may scan its own table.
    /// </summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The items as stored.</returns>
    public async Task<IReadOnlyList<Dictionary<string, AttributeValue>>> ScanAsync(CancellationToken cancellationToken = default)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var response = await Client.ScanAsync(new ScanRequest { TableName = TableName, ConsistentRead = true, ExclusiveStartKey = startKey }, cancellationToken).ConfigureAwait(false);
            items.AddRange(response.Items ?? []);
            startKey = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (startKey is not null);

        return items;
    }

    /// <summary>Starts DynamoDB Local if needed, then creates the table from the model and waits until it is ACTIVE.</summary>
    /// <returns>A task that completes when the table is ready.</returns>
    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        _serviceUrl = await _dynamoDb.GetServiceUrlAsync(cancellationToken).ConfigureAwait(false);
        _client = DynamoDbLocal.CreateClient(_serviceUrl);
        var builder = SaasUsersModel.CreateBuilder();
        ConfigureModel(builder);
        _model = builder.Build();
        _tableName = TestTableNames.New(TestContext.Current.TestClass?.TestClassSimpleName ?? GetType().Name);
        await new TableProvisioner(_client, _model, CreateOptions()).EnsureTableAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the table and disposes the client.</summary>
    /// <returns>A task that completes when the table is deleted.</returns>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client is not null && _tableName is not null)
            {
                await new TableProvisioner(_client, Model, CreateOptions()).DeleteTableAsync(_tableName, CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _client?.Dispose();
            _client = null;
            _tableName = null;
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>Adds the application's own entity types to the table model (the package's entities are always there).</summary>
    /// <param name="model">The model builder.</param>
    protected virtual void ConfigureModel(TableModelBuilder model)
    {
    }

    private static InvalidOperationException NotInitialized() =>
        new($"{nameof(DynamoDbTableFixture)} is used before its InitializeAsync ran; let xunit create it as a class fixture.");
}
