using System.Text;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.Evolution;

/// <summary>
/// Issue 17, export and import: JSON lines in DynamoDB's export format; an export imported into an empty table gives
/// an identical table item by item; a user's data exports alone; bad lines are named by number and nothing is written.
/// </summary>
public sealed class TransferTests(DynamoDbLocalFixture dynamoDb)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExportThenImportIntoAnEmptyTable_GivesAnIdenticalTable_AndImportingAgainChangesNothing()
    {
        // Given a table with the package's items and items of every DynamoDB type, of a type no model knows
        await using var source = await TestTable.CreateAsync(dynamoDb, "xfer-src");
        await using var target = await TestTable.CreateAsync(dynamoDb, "xfer-dst");
        await using (var saas = new ServiceCollectionBuilder(source.Client, source.Options).Build())
        {
            for (var i = 0; i < 40; i++)
            {
                await saas.Users.CreateAsync(new NewUser { UserId = $"u{i}", Email = $"u{i}@example.com", DisplayName = $"Ünïcødé \"{i}\" \\ 日本", Metadata = new Dictionary<string, string> { ["k"] = "v" } }, Cancel);
                await saas.Payments.RecordAsync(new NewCheckoutPayment { PaymentProvider = "stripe", CheckoutSessionId = $"cs{i}", UserId = $"u{i}", Amount = new Money(100 + i, "EUR"), Status = PaymentStatus.Paid }, cancellationToken: Cancel);
            }
        }

        await OldTableData.PutRawAsync(source.Client, source.Name, [EveryType("A"), EveryType("B")], Cancel);
        var original = await TableContents.ScanAsync(source.Client, source.Name, Cancel);

        // When the whole table is exported and imported into an empty table
        using var file = new MemoryStream();
        var exportProgress = new List<TransferProgress>();
        var exported = await new TableTransfer(source.Entities).ExportAsync(file, ExportScope.WholeTable, new TransferOptions { Parallelism = 3 }, new SynchronousProgress<TransferProgress>(exportProgress.Add), Cancel);
        file.Position = 0;
        var importProgress = new List<TransferProgress>();
        var imported = await new TableTransfer(target.Entities).ImportAsync(file, new TransferOptions { Parallelism = 3 }, new SynchronousProgress<TransferProgress>(importProgress.Add), Cancel);

        // Then every line is one {"Item": ...} and the tables are identical, item by item
        Assert.Equal(original.Count, exported.Items);
        Assert.Equal(original.Count, imported.Items);
        var lines = Encoding.UTF8.GetString(file.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(original.Count, lines.Length);
        Assert.All(lines, line => Assert.StartsWith("{\"Item\":{", line, StringComparison.Ordinal));
        await AssertIdenticalAsync(original, target);
        Assert.Equal(original.Count, exportProgress[^1].Items);
        Assert.Equal(original.Count, importProgress[^1].TotalItems);
        Assert.Equal(TimeSpan.Zero, importProgress[^1].EstimatedRemaining);

        // When the same file is imported again: the same table
        file.Position = 0;
        await new TableTransfer(target.Entities).ImportAsync(file, cancellationToken: Cancel);
        await AssertIdenticalAsync(original, target);
    }

    [Fact]
    public async Task ExportOfAUser_HoldsTheUsersCollectionAndEmailSentinel_AndNothingElse()
    {
        await using var table = await TestTable.CreateAsync(dynamoDb, "xfer-user");
        User user;
        await using (var saas = new ServiceCollectionBuilder(table.Client, table.Options).Build())
        {
            user = await saas.Users.CreateAsync(new NewUser { UserId = "alice", Email = "Alice@Example.com" }, Cancel);
            await saas.Users.CreateAsync(new NewUser { UserId = "bob", Email = "bob@example.com" }, Cancel);
            await saas.Payments.RecordAsync(new NewCheckoutPayment { PaymentProvider = "stripe", CheckoutSessionId = "cs_a", UserId = "alice", Amount = new Money(900, "USD"), Status = PaymentStatus.Paid }, cancellationToken: Cancel);
        }

        using var file = new MemoryStream();
        var result = await new TableTransfer(table.Entities).ExportAsync(file, ExportScope.OfUser(user.UserId, user.NormalizedEmail), cancellationToken: Cancel);

        var keys = ReadLines(file).Select(i => i["PK"].S + "|" + i["SK"].S).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(3, result.Items);
        Assert.Equal(["EMAIL#alice@example.com|EMAIL", "USER#alice|PAY#" + keys[1].Split("PAY#")[1], "USER#alice|USER"], keys);
    }

    [Fact]
    public async Task ExportOfEntityTypes_HoldsOnlyItemsOfThoseTypes()
    {
        await using var table = await TestTable.CreateAsync(dynamoDb, "xfer-types");
        await using (var saas = new ServiceCollectionBuilder(table.Client, table.Options).Build())
        {
            for (var i = 0; i < 5; i++)
            {
                await saas.Users.CreateAsync(new NewUser { UserId = $"t{i}", Email = $"t{i}@example.com" }, Cancel);
            }
        }

        using var file = new MemoryStream();
        var result = await new TableTransfer(table.Entities).ExportAsync(file, ExportScope.OfEntityTypes("EmailLookup"), cancellationToken: Cancel);

        Assert.Equal(5, result.Items);
        Assert.All(ReadLines(file), i => Assert.Equal("EmailLookup", i["_type"].S));
    }

    [Fact]
    public async Task Import_OfAFileWithBadLines_NamesEachByLineNumber_AndWritesNothing()
    {
        await using var table = await TestTable.CreateAsync(dynamoDb, "xfer-bad");
        string[] lines =
        [
            """{"Item":{"PK":{"S":"A"},"SK":{"S":"1"},"X":{"N":"1"}}}""",
            "this is not json",
            "",
            """{"Item":{"PK":{"S":"A"},"SK":{"S":"2"}},"Extra":1}""",
            """{"Item":{"PK":{"S":"A"}}}""",
            """{"Item":{"PK":{"S":"A"},"SK":{"S":"3"},"X":{"N":"12abc"}}}""",
            """{"Item":{"PK":{"S":"A"},"SK":{"S":"4"},"X":{"Q":"?"}}}""",
            """{"Item":{"PK":{"S":"A"},"SK":{"S":"5"},"X":{"SS":[]}}}""",
            """{"Item":{"PK":{"S":"A"},"SK":{"S":"1"}}}""",
            """{"Item":{"PK":{"S":"A"},"SK":{"S":"6"},"X":{"B":"%%%"}}}""",
            """{"Item":{"PK":{"S":"A"},"SK":{"S":"7"},"X":{"M":{"Y":{"NULL":false}}}}}""",
            """{"Item":{"PK":{"N":"1"},"SK":{"S":"8"}}}""",
        ];
        using var file = new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));

        var error = await Assert.ThrowsAsync<ImportFileException>(() => new TableTransfer(table.Entities).ImportAsync(file, cancellationToken: Cancel));

        Assert.Equal(
            [
                "line 2: not JSON",
                "line 4: expected {\"Item\": {...}}",
                "line 5: the item has no string SK",
                "line 6: Item.X: N must be a string holding a number",
                "line 7: Item.X has unknown type key 'Q'",
                "line 8: Item.X: a SS set must hold at least one element",
                "line 9: the key A / 1 is already on line 1",
                "line 10: Item.X: B must be a base64 string",
                "line 11: Item.X.Y: NULL must be true",
                "line 12: the item has no string PK",
            ],
            error.Lines.Select(l => l.ToString()).Select((text, i) => text[..Math.Min(text.Length, Expected(i).Length)]));
        Assert.Equal(10, error.BadLineCount);
        Assert.Contains("nothing was written", error.Message, StringComparison.Ordinal);
        Assert.Empty(await TableContents.ScanAsync(table.Client, table.Name, Cancel));

        static string Expected(int i) => new[]
        {
            "line 2: not JSON", "line 4: expected {\"Item\": {...}}", "line 5: the item has no string SK", "line 6: Item.X: N must be a string holding a number",
            "line 7: Item.X has unknown type key 'Q'", "line 8: Item.X: a SS set must hold at least one element", "line 9: the key A / 1 is already on line 1",
            "line 10: Item.X: B must be a base64 string", "line 11: Item.X.Y: NULL must be true", "line 12: the item has no string PK",
        }[i];
    }

    [Fact]
    public async Task TransferArguments_OutOfRange_AreRefusedBeforeAnyRequest()
    {
        var log = new DynamoDbRequestLog();
        await using var table = await TestTable.CreateAsync(dynamoDb, "xfer-args", new DynamoDbClientOptions { RequestLog = log });
        log.Clear();
        var transfer = new TableTransfer(table.Entities);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => transfer.ExportAsync(new MemoryStream(), ExportScope.WholeTable, new TransferOptions { Parallelism = 0 }, cancellationToken: Cancel));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => transfer.ImportAsync(new MemoryStream(), new TransferOptions { CapacityUnitsPerSecond = -1 }, cancellationToken: Cancel));
        var unseekable = await Assert.ThrowsAsync<ArgumentException>(() => transfer.ImportAsync(new UnseekableStream(), cancellationToken: Cancel));
        Assert.Contains("seekable", unseekable.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ExportScope.OfEntityTypes());
        Assert.Empty(log.Requests);
    }

    private static async Task AssertIdenticalAsync(List<Dictionary<string, AttributeValue>> original, TestTable target)
    {
        var copy = (await TableContents.ScanAsync(target.Client, target.Name, Cancel)).ToDictionary(i => i["PK"].S + "|" + i["SK"].S);
        Assert.Equal(original.Count, copy.Count);
        foreach (var item in original)
        {
            var key = item["PK"].S + "|" + item["SK"].S;
            Assert.True(copy.TryGetValue(key, out var other), $"{key} is missing from the imported table");
            Assert.True(ItemEquality.Equal(item, other), $"{key} differs: {TableContents.Describe(item)} vs {TableContents.Describe(other)}");
            Assert.Equal(TableContents.Describe(item), TableContents.Describe(other));
        }
    }

    private static List<Dictionary<string, AttributeValue>> ReadLines(MemoryStream file) =>
        Encoding.UTF8.GetString(file.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => Assert.IsType<bool>(DynamoDbJson.TryParseLine(line, out var item, out _)) ? item : throw new InvalidOperationException(line))
            .ToList();

    private static Dictionary<string, AttributeValue> EveryType(string id) => new()
    {
        ["PK"] = new() { S = "RAW#" + id },
        ["SK"] = new() { S = "RAW" },
        ["_type"] = new() { S = "FromANewerVersion" },
        ["S"] = new() { S = "text with \"quotes\", \\ and ünïcødé" },
        ["N"] = new() { N = "-12345678901234567890.123456789012345" },
        ["B"] = new() { B = new MemoryStream([0, 1, 2, 255]) },
        ["BOOL"] = new() { BOOL = false },
        ["NULL"] = new() { NULL = true },
        ["L"] = new() { L = [new() { S = "a" }, new() { N = "1" }, new() { L = [new() { BOOL = true }] }] },
        ["M"] = new() { M = new() { ["nested"] = new() { M = new() { ["deep"] = new() { S = "x" } } } } },
        ["SS"] = new() { SS = ["b", "a"] },
        ["NS"] = new() { NS = ["1", "2.5"] },
        ["BS"] = new() { BS = [new MemoryStream([1]), new MemoryStream([2, 3])] },
    };

    private sealed class UnseekableStream : MemoryStream
    {
        public override bool CanSeek => false;
    }
}
