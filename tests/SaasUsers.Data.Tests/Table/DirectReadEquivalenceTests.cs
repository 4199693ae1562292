using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Testing;
using SaasUsers.Data.Tests.Mapping;
using SaasUsers.Data.Tests.Mapping.Entities;
using SaasUsers.Data.Tests.Table.Entities;
using Xunit;

namespace SaasUsers.Data.Tests.Table;

/// <summary>A table seeded with the equivalence corpus: entities of every property type, unknown types, faulty items.</summary>
public sealed class DirectReadCorpusFixture(DynamoDbLocalFixture dynamoDb) : DynamoDbTableFixture(dynamoDb)
{
    public const string Partition = "RICH#corpus";

    private readonly SemaphoreSlim _seeding = new(1, 1);
    private bool _seeded;

    public IReadOnlyList<Dictionary<string, AttributeValue>> Corpus { get; } = DirectReadCorpus.Items();

    public IReadOnlyList<Dictionary<string, AttributeValue>> Faulty { get; } = DirectReadCorpus.FaultyItems();

    /// <summary>Writes the corpus once (with the SDK's PutItem, exactly as built).</summary>
    public async Task SeedAsync()
    {
        await _seeding.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_seeded)
            {
                return;
            }

            foreach (var item in Corpus.Concat(Faulty))
            {
                await Client.PutItemAsync(new PutItemRequest { TableName = TableName, Item = item }, TestContext.Current.CancellationToken);
            }

            _seeded = true;
        }
        finally
        {
            _seeding.Release();
        }
    }

    protected override void ConfigureModel(TableModelBuilder model) => model.Add<RichEntity>().Add<Project>().Add<Note>();
}

/// <summary>
/// The direct read path (<see cref="SaasUsersTableOptions.DirectReads"/>) decodes real DynamoDB Local answers to
/// exactly what the SDK path produces: every property type, unicode and escapes, big numbers, nested maps, empty
/// lists and sets, unknown entity types and unknown attributes of every DynamoDB type, and the same exceptions for
/// items that do not fit their entity. Each answer is captured from DynamoDB Local once, then the very same bytes
/// are replayed to a table on each path, so both decode identical input.
/// </summary>
public sealed class DirectReadEquivalenceTests(DirectReadCorpusFixture fixture) : IClassFixture<DirectReadCorpusFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string> Reads => new(ReadsByName.Keys.Order(StringComparer.Ordinal));

    private static readonly Dictionary<string, Func<EntityTable, DirectReadCorpusFixture, Task<string>>> ReadsByName = new(StringComparer.Ordinal)
    {
        ["get full"] = (t, f) => Show(t.GetAsync<RichEntity>(Key(f.Corpus[0]), cancellationToken: Cancel)),
        ["get each corpus item as rich"] = async (t, f) =>
        {
            var shown = new StringBuilder();
            foreach (var item in f.Corpus)
            {
                shown.AppendLine(await Show(t.GetAsync<RichEntity>(Key(item), consistentRead: true, Cancel)));
            }

            return shown.ToString();
        },
        ["get missing"] = (t, f) => Show(t.GetAsync<RichEntity>(new PrimaryKey(DirectReadCorpusFixture.Partition, "NOPE"), cancellationToken: Cancel)),
        ["get each faulty item"] = async (t, f) =>
        {
            var shown = new StringBuilder();
            foreach (var item in f.Faulty)
            {
                shown.AppendLine(await Show(t.GetAsync<RichEntity>(Key(item), cancellationToken: Cancel)));
            }

            return shown.ToString();
        },
        ["query mixed"] = (t, f) => Show(t.QueryAsync(new ItemQuery(DirectReadCorpusFixture.Partition), Cancel)),
        ["query mixed descending"] = (t, f) => Show(t.QueryAsync(new ItemQuery(DirectReadCorpusFixture.Partition) { Descending = true }, Cancel)),
        ["query typed"] = (t, f) => Show(t.QueryAsync<RichEntity>(new ItemQuery(DirectReadCorpusFixture.Partition) { SortKey = SortKeyCondition.BeginsWith("A#") }, Cancel)),
        ["query all in pages of 3"] = async (t, f) =>
        {
            var shown = new StringBuilder();
            await foreach (var item in t.QueryAllAsync(new ItemQuery(DirectReadCorpusFixture.Partition) { PageSize = 3 }, Cancel))
            {
                shown.AppendLine(ShowValue(item));
            }

            return shown.ToString();
        },
        ["query single page of 2"] = async (t, f) =>
        {
            var page = await t.QuerySinglePageAsync(new ItemQuery(DirectReadCorpusFixture.Partition) { PageSize = 2 }, Cancel);
            return $"more={page.HasMore} cursor={page.NextCursor is not null}\n" + string.Join("\n", page.Items.Select(ShowValue));
        },
        ["query each faulty partition"] = async (t, f) =>
        {
            var shown = new StringBuilder();
            foreach (var item in f.Faulty)
            {
                shown.AppendLine(await Show(t.QueryAsync(new ItemQuery(item["PK"].S), Cancel)));
            }

            return shown.ToString();
        },
        ["batch get mixed"] = (t, f) => Show(t.BatchGetAsync(f.Corpus.Select(Key).Append(new PrimaryKey("RICH#none", "NONE")), cancellationToken: Cancel)),
        ["batch get typed"] = (t, f) => Show(t.BatchGetAsync<RichEntity>(f.Corpus.Select(Key), consistentRead: true, Cancel)),
        ["batch get a faulty item"] = (t, f) => Show(t.BatchGetAsync(f.Faulty.Take(1).Select(Key), cancellationToken: Cancel)),
        ["batch get in chunks mixed"] = (t, f) => Show(t.BatchGetAsync(Spread(f.Corpus.Select(Key)), cancellationToken: Cancel)),
        ["batch get in chunks typed"] = (t, f) => Show(t.BatchGetAsync<RichEntity>(Spread(f.Corpus.Select(Key)), consistentRead: true, Cancel)),
        ["batch get faulty items across chunks"] = (t, f) => Show(t.BatchGetAsync(Spread(f.Corpus.Concat(f.Faulty).Select(Key)), cancellationToken: Cancel)),
        ["batch get faulty items across chunks typed"] = (t, f) => Show(t.BatchGetAsync<RichEntity>(Spread(f.Faulty.Select(Key).Reverse()), cancellationToken: Cancel)),
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task ReplayedAnswers_DecodeToTheSameResult_OnBothPaths(string read)
    {
        // Given the answers DynamoDB Local gives the SDK path for this read
        await fixture.SeedAsync();
        var run = ReadsByName[read];
        var recorder = new AnswerRecorder();
        string live;
        using (var client = Client(recorder))
        {
            live = await run(Table(client, direct: false), fixture);
        }

        Assert.NotEmpty(recorder.Answers);

        // When the very same bytes are decoded by a table on each path
        string sdk, direct;
        using (var client = Client(new AnswerReplayer(recorder.Answers)))
        {
            sdk = await run(Table(client, direct: false), fixture);
        }

        using (var client = Client(new AnswerReplayer(recorder.Answers)))
        {
            var table = Table(client, direct: true);
            Assert.True(table.ReadsDirect);
            direct = await run(table, fixture);
        }

        // Then both give exactly the same entities, unknown items and exceptions
        Assert.Equal(live, sdk);
        Assert.Equal(sdk, direct);
    }

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task ReplayedAnswers_WithEachItemsAttributesInAnotherOrder_DecodeToTheSameResult_OnBothPaths(string read)
    {
        // Given the answers DynamoDB Local gives for this read
        await fixture.SeedAsync();
        var run = ReadsByName[read];
        var recorder = new AnswerRecorder();
        string live;
        using (var client = Client(recorder))
        {
            live = await run(Table(client, direct: false), fixture);
        }

        foreach (var order in AttributeOrders)
        {
            // When every item in them is rewritten with its attributes in this order (the direct path decodes an
            // item from after its _type when only keys come before it, else from its start)
            var answers = recorder.Answers.Select(answer => answer.WithBody(ReorderItems(answer.Body, order))).ToList();
            string sdk, direct;
            using (var client = Client(new AnswerReplayer(answers)))
            {
                sdk = await run(Table(client, direct: false), fixture);
            }

            using (var client = Client(new AnswerReplayer(answers)))
            {
                direct = await run(Table(client, direct: true), fixture);
            }

            // Then the order changes nothing, on either path
            Assert.True(live == sdk, $"order '{order}': the SDK path read something else");
            Assert.True(sdk == direct, $"order '{order}': the direct path read something else:\n{direct}\nSDK path:\n{sdk}");
        }
    }

    private static readonly string[] AttributeOrders = ["keys, _type, rest", "_type first", "_type last", "keys, one attribute, _type, rest", "reversed"];

    // Rewrites Item, Items and Responses' items with their attributes in another order (and JSON escapes of the
    // default encoder: non-ASCII text and names become \u sequences).
    private static byte[] ReorderItems(byte[] body, string order)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject();
        foreach (var (name, value) in root.ToList())
        {
            IEnumerable<System.Text.Json.Nodes.JsonObject> items = name switch
            {
                "Item" => [value!.AsObject()],
                "Items" => value!.AsArray().Select(item => item!.AsObject()),
                "Responses" => value!.AsObject().SelectMany(table => table.Value!.AsArray().Select(item => item!.AsObject())),
                _ => [],
            };
            foreach (var item in items.ToList())
            {
                ReorderAttributes(item, order);
            }
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static void ReorderAttributes(System.Text.Json.Nodes.JsonObject item, string order)
    {
        var attributes = item.ToList();
        item.Clear();
        var type = attributes.Where(a => a.Key == ItemAttributeNames.EntityType).ToList();
        var keys = attributes.Where(a => a.Key != ItemAttributeNames.EntityType && ItemAttributeNames.IsReserved(a.Key)).ToList();
        var rest = attributes.Where(a => !ItemAttributeNames.IsReserved(a.Key)).ToList();
        IEnumerable<KeyValuePair<string, System.Text.Json.Nodes.JsonNode?>> ordered = order switch
        {
            "keys, _type, rest" => keys.Concat(type).Concat(rest),
            "_type first" => type.Concat(keys).Concat(rest),
            "_type last" => keys.Concat(rest).Concat(type),
            "keys, one attribute, _type, rest" => keys.Concat(rest.Take(1)).Concat(type).Concat(rest.Skip(1)),
            "reversed" => Enumerable.Reverse(attributes),
            _ => throw new ArgumentOutOfRangeException(nameof(order), order, null),
        };
        foreach (var (name, value) in ordered.ToList())
        {
            item.Add(name, value);
        }
    }

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task LiveReads_OfDynamoDbLocal_AreTheSame_OnBothPaths(string read)
    {
        // Given two tables on the same data, one on each path, sending to DynamoDB Local itself
        await fixture.SeedAsync();
        var run = ReadsByName[read];
        using var client = fixture.CreateClient();

        // When each reads
        var sdk = await run(Table(client, direct: false), fixture);
        var direct = await run(Table(client, direct: true), fixture);

        // Then the results are the same
        Assert.Equal(sdk, direct);
    }

    [Fact]
    public async Task GeneratedFromJson_DecodesEveryCorpusEntity_ItselfAndExactlyAsFromItem()
    {
        // Given DynamoDB Local's answer to a query of the corpus partition, and the SDK's reading of it
        await fixture.SeedAsync();
        var recorder = new AnswerRecorder();
        QueryResponse sdk;
        using (var client = Client(recorder))
        {
            sdk = await client.QueryAsync(
                new QueryRequest
                {
                    TableName = fixture.TableName,
                    KeyConditionExpression = "PK = :pk",
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":pk"] = new() { S = DirectReadCorpusFixture.Partition } },
                },
                Cancel);
        }

        // When each item of the raw body is decoded by the generated FromJson itself (no second decoding to fall back on)
        var body = Assert.Single(recorder.Answers).Body;
        var decoded = new List<string>();
        var reader = new System.Text.Json.Utf8JsonReader(body);
        while (reader.Read())
        {
            if (reader.TokenType == System.Text.Json.JsonTokenType.PropertyName && reader.ValueTextEquals("Items"u8))
            {
                reader.Read();
                var index = 0;
                while (reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.StartObject)
                {
                    var raw = sdk.Items[index++];
                    if (raw.TryGetValue(ItemAttributeNames.EntityType, out var type) && type.S == RichEntity.Mapper.EntityType)
                    {
                        decoded.Add(ShowValue(RichEntity.Mapper.FromJson(ref reader)) + " == " + ShowValue(RichEntity.Mapper.FromItem(raw)));
                    }
                    else if (type?.S == Note.Mapper.EntityType)
                    {
                        decoded.Add(ShowValue(Note.Mapper.FromJson(ref reader)) + " == " + ShowValue(Note.Mapper.FromItem(raw)));
                    }
                    else
                    {
                        var copy = reader;
                        Assert.Equal(AttributeShape.Show(raw), AttributeShape.Show(SaasUsers.Data.Mapping.ItemJsonReader.ReadAttributeMap(ref copy)));
                        reader.Skip();
                    }
                }

                break;
            }
        }

        // Then every entity item decoded, each to what FromItem makes of the SDK's attribute values
        Assert.Equal(7, decoded.Count);
        Assert.All(decoded, d => Assert.Equal(d[..d.IndexOf(" == ", StringComparison.Ordinal)], d[(d.IndexOf(" == ", StringComparison.Ordinal) + 4)..]));
    }

    [Fact]
    public async Task FaultyItems_FailTheSameWay_OnTheDirectPath_EvenWhenTheFirstFaultInTheBodyIsNotTheFirstInPropertyOrder()
    {
        // Given items that do not fit RichEntity
        await fixture.SeedAsync();
        using var client = fixture.CreateClient();
        var sdk = Table(client, direct: false);
        var direct = Table(client, direct: true);

        foreach (var item in fixture.Faulty)
        {
            // When each path reads one
            var key = Key(item);
            var expected = await Record.ExceptionAsync(() => sdk.GetAsync<RichEntity>(key, cancellationToken: Cancel));
            var actual = await Record.ExceptionAsync(() => direct.GetAsync<RichEntity>(key, cancellationToken: Cancel));

            // Then both throw, the same exception
            Assert.NotNull(expected);
            Assert.NotNull(actual);
            Assert.Equal((expected.GetType(), expected.Message), (actual.GetType(), actual.Message));
        }
    }

    [Fact]
    public void Corpus_HoldsEveryDynamoDbType_UnicodeBigNumbersAndEmptyCollections()
    {
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in fixture.Corpus.SelectMany(i => i.Values).SelectMany(Flatten))
        {
            kinds.Add(AttributeShape.Kind(value));
        }

        Assert.Superset(new HashSet<string> { "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS", "L[]", "M{}" }, kinds);
        var texts = fixture.Corpus.SelectMany(i => i.Values).SelectMany(Flatten).Select(v => v.S ?? v.N).Where(t => t is not null).ToList();
        Assert.Contains(texts, t => t!.Contains("🎉", StringComparison.Ordinal));
        Assert.Contains(texts, t => t!.Contains('\u2028', StringComparison.Ordinal));
        Assert.Contains(texts, t => t!.Length >= 38 && t.All(char.IsAsciiDigit));
    }

    private static IEnumerable<AttributeValue> Flatten(AttributeValue value) =>
        new[] { value }
            .Concat((value.L ?? []).SelectMany(Flatten))
            .Concat((value.M ?? []).Values.SelectMany(Flatten));

    private EntityTable Table(IAmazonDynamoDB client, bool direct)
    {
        var options = fixture.CreateOptions();
        options.DirectReads = direct;
        return new EntityTable(client, fixture.Model, options);
    }

    private IAmazonDynamoDB Client(DelegatingHandler handler) => HandlerFactory.CreateClient(fixture.ServiceUrl, handler);

    internal static PrimaryKey Key(Dictionary<string, AttributeValue> item) => new(item["PK"].S, item["SK"].S);

    /// <summary>The keys with 30 keys without an item after each, so that a batch get of them takes several chunks (of 100 keys).</summary>
    internal static List<PrimaryKey> Spread(IEnumerable<PrimaryKey> keys) =>
        keys.SelectMany((key, i) => Enumerable.Range(0, 30).Select(j => new PrimaryKey("RICH#none", $"NONE#{i:D3}#{j:D2}")).Prepend(key)).ToList();

    internal static async Task<string> Show<T>(Task<T> read)
    {
        try
        {
            var result = await read;
            return result switch
            {
                null => "(null)",
                QueryPage<object> page => $"more={page.HasMore}\n" + string.Join("\n", page.Items.Select(ShowValue)),
                QueryPage<RichEntity> page => $"more={page.HasMore}\n" + string.Join("\n", page.Items.Select(ShowValue)),
                System.Collections.IEnumerable list => string.Join("\n", list.Cast<object>().Select(ShowValue)),
                _ => ShowValue(result),
            };
        }
        catch (Exception exception) when (exception is EntityMappingException or ArgumentException or FormatException)
        {
            return $"{exception.GetType().Name}: {exception.Message}";
        }
    }

    internal static string ShowValue(object value) => value switch
    {
        RichEntity rich => "RichEntity " + AttributeShape.Show(RichEntity.Mapper.ToItem(rich)) + $" secret={rich.Secret.Length} transient={rich.Transient ?? "-"}",
        Project project => "Project " + AttributeShape.Show(Project.Mapper.ToItem(project)),
        Note note => "Note " + AttributeShape.Show(Note.Mapper.ToItem(note)),
        UnknownItem unknown => $"Unknown {unknown.EntityType ?? "(no type)"} " + AttributeShape.Show(unknown.Item),
        _ => value.GetType().Name + " " + value,
    };
}

/// <summary>A strict, readable rendering of attribute values: every member the SDK sets, in order (sets and lists as sent, maps by key).</summary>
internal static class AttributeShape
{
    public static string Show(IReadOnlyDictionary<string, AttributeValue>? map) =>
        map is null ? "(null map)" : "{" + string.Join(", ", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + Show(p.Value))) + "}";

    public static string Show(AttributeValue value)
    {
        var parts = new List<string>();
        if (value.S is not null)
        {
            parts.Add("S:" + Escape(value.S));
        }

        if (value.N is not null)
        {
            parts.Add("N:" + value.N);
        }

        if (value.B is not null)
        {
            parts.Add("B:" + Convert.ToBase64String(value.B.ToArray()));
        }

        if (value.BOOL is not null)
        {
            parts.Add("BOOL:" + value.BOOL);
        }

        if (value.NULL is not null)
        {
            parts.Add("NULL:" + value.NULL);
        }

        if (value.M is not null)
        {
            parts.Add("M:" + Show(value.M));
        }

        if (value.L is not null)
        {
            parts.Add("L:[" + string.Join(", ", value.L.Select(Show)) + "]");
        }

        if (value.SS is not null)
        {
            parts.Add("SS:[" + string.Join(", ", value.SS.Select(Escape)) + "]");
        }

        if (value.NS is not null)
        {
            parts.Add("NS:[" + string.Join(", ", value.NS) + "]");
        }

        if (value.BS is not null)
        {
            parts.Add("BS:[" + string.Join(", ", value.BS.Select(b => Convert.ToBase64String(b.ToArray()))) + "]");
        }

        return parts.Count == 0 ? "(empty)" : string.Join("|", parts);
    }

    public static string Kind(AttributeValue value) => value switch
    {
        { S: not null } => "S",
        { N: not null } => "N",
        { B: not null } => "B",
        { BOOL: not null } => "BOOL",
        { NULL: not null } => "NULL",
        { M.Count: 0 } => "M{}",
        { M: not null } => "M",
        { L.Count: 0 } => "L[]",
        { L: not null } => "L",
        { SS: not null } => "SS",
        { NS: not null } => "NS",
        { BS: not null } => "BS",
        _ => "(empty)",
    };

    private static string Escape(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c < 0x20 || c is '\u2028' or '\u2029' or '"' or '\\' ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) : c.ToString());
        }

        return builder.Append('"').ToString();
    }
}
