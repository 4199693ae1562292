using Amazon.DynamoDBv2;
using Xunit;

namespace SaasUsers.Data.Testing;

/// <summary>
/// An xunit v3 class fixture that gives one test class its own fresh table on the shared DynamoDB Local
/// (<see cref="DynamoDbLocalFixture"/>, which must be an assembly fixture): <c>IClassFixture&lt;DynamoDbTableFixture&gt;</c>.
/// </summary>
/// <remarks>
/// The table is named <c>t-&lt;test class&gt;-&lt;random&gt;</c>, has string keys <c>PK</c> and <c>SK</c>, on-demand
/// billing and global secondary indexes <c>GSI1</c>..<c>GSI3</c> (keys <c>GSI{n}PK</c>/<c>GSI{n}SK</c>, all
/// attributes projected). It is ACTIVE before the first test runs and deleted after the last. Test classes run in
/// parallel, each with its own table.
/// </remarks>
public sealed class DynamoDbTableFixture : IAsyncLifetime
{
    private readonly DynamoDbLocalFixture _dynamoDb;
    private IAmazonDynamoDB? _client;
    private string? _tableName;
    private Uri? _serviceUrl;

    /// <summary>Creates the fixture; xunit passes the assembly fixture.</summary>
    /// <param name="dynamoDb">The shared DynamoDB Local.</param>
    public DynamoDbTableFixture(DynamoDbLocalFixture dynamoDb)
    {
        ArgumentNullException.ThrowIfNull(dynamoDb);
        _dynamoDb = dynamoDb;
    }

    /// <summary>The number of global secondary indexes the table has (<c>GSI1</c>..<c>GSI3</c>).</summary>
    public static int IndexCount => TestTableFactory.IndexCount;

    /// <summary>The table's name.</summary>
    public string TableName => _tableName ?? throw NotInitialized();

    /// <summary>A DynamoDB client for the shared endpoint, owned by the fixture (do not dispose it).</summary>
    public IAmazonDynamoDB Client => _client ?? throw NotInitialized();

    /// <summary>The URL of the DynamoDB Local that holds the table.</summary>
    public Uri ServiceUrl => _serviceUrl ?? throw NotInitialized();

    /// <summary>Starts DynamoDB Local if needed, then creates the table and waits until it is ACTIVE.</summary>
    /// <returns>A task that completes when the table is ready.</returns>
    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        _serviceUrl = await _dynamoDb.GetServiceUrlAsync(cancellationToken).ConfigureAwait(false);
        _client = DynamoDbLocal.CreateClient(_serviceUrl);
        var tableName = TestTableFactory.NewTableName(TestContext.Current.TestClass?.TestClassSimpleName ?? GetType().Name);
        await TestTableFactory.CreateAsync(_client, tableName, cancellationToken).ConfigureAwait(false);
        _tableName = tableName;
    }

    /// <summary>Deletes the table and disposes the client.</summary>
    /// <returns>A task that completes when the table is deleted.</returns>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client is not null && _tableName is not null)
            {
                await TestTableFactory.DeleteAsync(_client, _tableName, CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _client?.Dispose();
            _client = null;
            _tableName = null;
        }
    }

    private static InvalidOperationException NotInitialized() =>
        new($"{nameof(DynamoDbTableFixture)} is used before its InitializeAsync ran; let xunit create it as a class fixture.");
}
