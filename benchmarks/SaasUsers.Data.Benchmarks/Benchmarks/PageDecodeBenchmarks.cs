using Amazon.DynamoDBv2.Model;
using BenchmarkDotNet.Attributes;
using SaasUsers.Data.Benchmarks.Context;
using SaasUsers.Data.Benchmarks.Data;
using SaasUsers.Data.Benchmarks.HandWritten;

namespace SaasUsers.Data.Benchmarks.Benchmarks;

/// <summary>
/// Group 2: decoding one query page of mixed items (users, subscriptions, payments in users' item collections)
/// by their stored <c>_type</c>, from the <see cref="AttributeValue"/> maps the SDK hands back to a list of
/// entities. <see cref="Page"/> is either 1,000 items (the most a page of <c>ItemQuery</c> asks for, about
/// 0.6 MB with these entities) or a full 1 MB page (DynamoDB's page size limit).
/// </summary>
[Config(typeof(InMemoryConfig))]
public class PageDecodeBenchmarks
{
    private ContextMapping _context = null!;
    private TableModel _model = null!;
    private List<Dictionary<string, AttributeValue>> _items = null!;
    private EntityTable _table = null!;

    /// <summary>The page: <c>1000 items</c> or <c>1 MB</c>.</summary>
    [Params("1000 items", "1 MB")]
    public string Page { get; set; } = "1000 items";

    /// <summary>Builds the page and checks that the contenders agree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _context = new ContextMapping();
        Equivalence.Check(_context);
        _model = SaasUsersModel.Default;
        _items = Page == "1 MB" ? SampleData.CreatePage(int.MaxValue, 1024 * 1024) : SampleData.CreatePage(1000);
        _table = InMemoryDynamoDb.CreateTable(new QueryResponse { Items = _items, Count = _items.Count });
        Console.WriteLine($"// page: {_items.Count} items, {ItemSizes.Of(_items):N0} bytes");
    }

    /// <summary>Disposes the context.</summary>
    [GlobalCleanup]
    public void Cleanup() => _context.Dispose();

    /// <summary>Tuned hand-written: a switch on <c>_type</c> and the tuned hand-written readers.</summary>
    [Benchmark(Baseline = true, Description = "tuned hand-written")]
    public List<object> Tuned() => Decode(TunedHandWrittenMapping.Decode);

    /// <summary>Hand-written: a switch on <c>_type</c> and the hand-written readers.</summary>
    [Benchmark(Description = "hand-written")]
    public List<object> HandWritten() => Decode(HandWrittenMapping.Decode);

    /// <summary>Ours: the table model's mapper for the stored type, as <c>EntityTable.QueryAsync</c> decodes.</summary>
    [Benchmark(Description = "SaasUsers.Data")]
    public List<object> Ours()
    {
        var result = new List<object>(_items.Count);
        foreach (var item in _items)
        {
            if (item.TryGetValue(ItemAttributeNames.EntityType, out var type) && _model.TryGetMapper(type.S, out var mapper))
            {
                result.Add(mapper.FromItemAsObject(item));
            }
        }

        return result;
    }

    /// <summary>
    /// Ours through the public API: <c>EntityTable.QueryAsync</c> over a client that answers from memory, so the
    /// request building, telemetry and decoding of the whole call are measured without a network.
    /// </summary>
    [Benchmark(Description = "SaasUsers.Data QueryAsync (in-memory client)")]
    public async Task<QueryPage<object>> OursQueryAsync() =>
        await _table.QueryAsync(new ItemQuery("USER#any") { PageSize = ItemQuery.MaxPageSize }).ConfigureAwait(false);

    /// <summary>DynamoDBContext: a switch on <c>_type</c>, then <c>FromAttributeMap</c> and <c>FromDocument</c>.</summary>
    [Benchmark(Description = "DynamoDBContext")]
    public List<object> Context() => Decode(_context.Decode);

    private List<object> Decode(Func<Dictionary<string, AttributeValue>, object?> decode)
    {
        var result = new List<object>(_items.Count);
        foreach (var item in _items)
        {
            if (decode(item) is { } entity)
            {
                result.Add(entity);
            }
        }

        return result;
    }
}
