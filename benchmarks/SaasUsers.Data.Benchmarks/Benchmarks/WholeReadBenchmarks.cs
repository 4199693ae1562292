using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using BenchmarkDotNet.Attributes;
using SaasUsers.Data.Benchmarks.Context;
using SaasUsers.Data.Benchmarks.Data;
using SaasUsers.Data.Benchmarks.Ratios;

namespace SaasUsers.Data.Benchmarks.Benchmarks;

/// <summary>
/// Group 2b: whole reads, response bytes in and entities out, with the AWS SDK included (the BenchmarkDotNet
/// companion of <c>ratios-whole</c>). Every contender sends its request through a real
/// <see cref="AmazonDynamoDBClient"/> whose HTTP answers are replayed from memory (<see cref="ReplayedDynamoDb"/>):
/// request building, signing, the SDK's unmarshalling or the library's own JSON decoding, and mapping are counted,
/// no network is. The baseline of each category is the SDK's low-level call alone, with no mapping at all.
/// </summary>
[Config(typeof(InMemoryConfig))]
public class WholeReadBenchmarks
{
    private const string Page = "Query page of 1,000 items";
    private const string Get = "GetItem of one user";

    private AmazonDynamoDBClient _client = null!;
    private ContextMapping _context = null!;
    private EntityTable _direct = null!;
    private EntityTable _sdkPath = null!;
    private ItemQuery _query = null!;
    private PrimaryKey _key;
    private Dictionary<string, AttributeValue> _userItem = null!;
    private string _userPk = null!;
    private string _userSk = null!;

    /// <summary>Builds the replayed answers and the tables.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var page = SampleData.CreatePage(1000);
        var userItem = User.Mapper.ToItem(SampleData.User);
        _userItem = userItem;
        _client = ReplayedDynamoDb.CreateClient(new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["Query"] = DynamoJson.QueryResponse(page, capacityUnits: 68.5, WholeReadSuite.TableName),
            ["GetItem"] = DynamoJson.GetItemResponse(userItem, capacityUnits: 0.5, WholeReadSuite.TableName),
        });
        _context = new ContextMapping(_client);
        _direct = new EntityTable(_client, SaasUsersModel.Default, new SaasUsersTableOptions { TableName = WholeReadSuite.TableName });
        _sdkPath = new EntityTable(_client, SaasUsersModel.Default, new SaasUsersTableOptions { TableName = WholeReadSuite.TableName, DirectReads = false });
        _query = new ItemQuery("USER#any") { PageSize = ItemQuery.MaxPageSize };
        _key = User.CreateKey(SampleData.User.UserId);
        _userPk = userItem["PK"].S;
        _userSk = userItem["SK"].S;
    }

    /// <summary>Disposes the context and the client.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _context.Dispose();
        _client.Dispose();
    }

    /// <summary>The SDK's <c>QueryAsync</c> alone: the page as <see cref="AttributeValue"/> maps, nothing mapped.</summary>
    [BenchmarkCategory(Page), Benchmark(Baseline = true, Description = "SDK QueryAsync alone")]
    public async Task<QueryResponse> PageSdkAlone() => await _client.QueryAsync(WholeReadSuite.QueryRequest()).ConfigureAwait(false);

    /// <summary>Ours on the direct read path (the default).</summary>
    [BenchmarkCategory(Page), Benchmark(Description = "SaasUsers.Data (direct read path)")]
    public async Task<QueryPage<object>> PageDirect() => await _direct.QueryAsync(_query).ConfigureAwait(false);

    /// <summary>Ours through the SDK's unmarshalling (<c>DirectReads = false</c>).</summary>
    [BenchmarkCategory(Page), Benchmark(Description = "SaasUsers.Data (SDK path)")]
    public async Task<QueryPage<object>> PageSdkPath() => await _sdkPath.QueryAsync(_query).ConfigureAwait(false);

    /// <summary>The SDK's <c>QueryAsync</c>, then DynamoDBContext's <c>FromDocument</c> by stored type.</summary>
    [BenchmarkCategory(Page), Benchmark(Description = "SDK QueryAsync + DynamoDBContext")]
    public async Task<List<object>> PageContext() =>
        RatioSuite.Decode((await _client.QueryAsync(WholeReadSuite.QueryRequest()).ConfigureAwait(false)).Items, _context.Decode);

    /// <summary>The SDK's <c>GetItemAsync</c> alone.</summary>
    [BenchmarkCategory(Get), Benchmark(Baseline = true, Description = "SDK GetItemAsync alone")]
    public async Task<GetItemResponse> GetSdkAlone() =>
        await _client.GetItemAsync(WholeReadSuite.GetRequest(_userItem)).ConfigureAwait(false);

    /// <summary>Ours on the direct read path (the default).</summary>
    [BenchmarkCategory(Get), Benchmark(Description = "SaasUsers.Data (direct read path)")]
    public async Task<User?> GetDirect() => await _direct.GetAsync<User>(_key).ConfigureAwait(false);

    /// <summary>Ours through the SDK's unmarshalling (<c>DirectReads = false</c>).</summary>
    [BenchmarkCategory(Get), Benchmark(Description = "SaasUsers.Data (SDK path)")]
    public async Task<User?> GetSdkPath() => await _sdkPath.GetAsync<User>(_key).ConfigureAwait(false);

    /// <summary>DynamoDBContext's <c>LoadAsync</c>.</summary>
    [BenchmarkCategory(Get), Benchmark(Description = "DynamoDBContext LoadAsync")]
    public async Task<ContextUser?> GetContext() => await _context.Context.LoadAsync<ContextUser>(_userPk, _userSk).ConfigureAwait(false);
}
