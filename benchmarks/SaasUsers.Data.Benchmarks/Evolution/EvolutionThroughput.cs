using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Testing;

namespace SaasUsers.Data.Benchmarks.Evolution;

/// <summary>
/// Throughput of the table evolution tools against DynamoDB Local, each next to its raw baseline on the same machine
/// in the same round: import against raw <c>BatchWriteItem</c> (same items, same parallelism), backfill against raw
/// <c>BatchWriteItem</c> and against raw conditional <c>UpdateItem</c> at the backfill's concurrency (a backfill
/// writes each item with a condition, which a batch cannot carry). Rounds interleave the contenders so that a change
/// of load on a shared machine hits all of them. <c>dotnet run -c Release -- evolution [items] [rounds]</c>.
/// </summary>
public static class EvolutionThroughput
{
    private const int Parallelism = 8;
    private const int Segments = 4;
    private const int WritesPerSegment = 4;

    public static async Task RunAsync(int items, int rounds)
    {
        await using var local = DynamoDbLocal.FromEnvironment();
        using var client = await local.CreateClientAsync().ConfigureAwait(false);
        var results = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        void Add(string name, int count, TimeSpan elapsed)
        {
            if (!results.TryGetValue(name, out var list))
            {
                results[name] = list = [];
            }

            list.Add(count / elapsed.TotalSeconds);
            Console.WriteLine($"  {name}: {count / elapsed.TotalSeconds:N0} items/s ({count:N0} items in {elapsed.TotalSeconds:N2} s)");
        }

        var old = OldUsers(items);
        for (var round = 1; round <= rounds; round++)
        {
            Console.WriteLine($"round {round} of {rounds}");

            // Raw BatchWriteItem: the items as they are, 25 a request, Parallelism requests at once.
            await using (var raw = await FreshTableAsync(client).ConfigureAwait(false))
            {
                var stopwatch = Stopwatch.StartNew();
                await RawBatchWriteAsync(client, raw.Name, old).ConfigureAwait(false);
                Add("raw BatchWriteItem", items, stopwatch.Elapsed);

                // Raw conditional UpdateItem of each item at the backfill's concurrency: what a backfill's write costs without the library.
                stopwatch.Restart();
                await Parallel.ForEachAsync(old, new ParallelOptions { MaxDegreeOfParallelism = Segments * WritesPerSegment }, async (item, token) =>
                    await client.UpdateItemAsync(new UpdateItemRequest
                    {
                        TableName = raw.Name,
                        Key = new() { ["PK"] = item["PK"], ["SK"] = item["SK"] },
                        UpdateExpression = "SET #a = :a, #b = :b",
                        ConditionExpression = "#v = :v",
                        ExpressionAttributeNames = new() { ["#a"] = "GSI1PK", ["#b"] = "GSI1SK", ["#v"] = "Version" },
                        ExpressionAttributeValues = new() { [":a"] = new() { S = "EMAIL#" + item["NormalizedEmail"].S }, [":b"] = new() { S = "USER" }, [":v"] = item["Version"] },
                    }, token).ConfigureAwait(false)).ConfigureAwait(false);
                Add("raw conditional UpdateItem", items, stopwatch.Elapsed);
            }

            // Backfill of the same old items (no index attributes) to the current model.
            await using (var table = await FreshTableAsync(client).ConfigureAwait(false))
            {
                await RawBatchWriteAsync(client, table.Name, old).ConfigureAwait(false);
                var backfill = new TableBackfill(table.Entities);
                var stopwatch = Stopwatch.StartNew();
                var result = await backfill.RunAsync(new BackfillPlan().Include<User>(), new BackfillOptions { Segments = Segments, WritesPerSegment = WritesPerSegment, RunName = "bench" }).ConfigureAwait(false);
                Add("backfill (ITableBackfill)", (int)result.Progress.ItemsRewritten, stopwatch.Elapsed);
                if (result.Progress.ItemsRewritten != items)
                {
                    throw new InvalidOperationException($"The backfill rewrote {result.Progress.ItemsRewritten} of {items} items.");
                }

                // Export of the backfilled table, then import of the file into an empty table.
                using var file = new MemoryStream();
                stopwatch.Restart();
                var exported = await new TableTransfer(table.Entities).ExportAsync(file, ExportScope.OfEntityTypes("User"), new TransferOptions { Parallelism = Parallelism }).ConfigureAwait(false);
                Add("export (ITableTransfer)", (int)exported.Items, stopwatch.Elapsed);
                await using var target = await FreshTableAsync(client).ConfigureAwait(false);
                file.Position = 0;
                stopwatch.Restart();
                var imported = await new TableTransfer(target.Entities).ImportAsync(file, new TransferOptions { Parallelism = Parallelism }).ConfigureAwait(false);
                Add("import (ITableTransfer)", (int)imported.Items, stopwatch.Elapsed);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"| what ({items:N0} items, {rounds} rounds) | median items/s | min | max | vs raw BatchWriteItem |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        var baseline = Median(results["raw BatchWriteItem"]);
        foreach (var (name, values) in results)
        {
            Console.WriteLine($"| {name} | {Median(values):N0} | {values.Min():N0} | {values.Max():N0} | {Median(values) / baseline:N2}x |");
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static List<Dictionary<string, AttributeValue>> OldUsers(int count)
    {
        var createdAt = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        return Enumerable.Range(0, count).Select(i =>
        {
            var item = User.Mapper.ToItem(new User
            {
                UserId = "b" + i.ToString("D6", CultureInfo.InvariantCulture),
                Email = $"B{i}@Example.com",
                NormalizedEmail = $"b{i}@example.com",
                DisplayName = "Bench User " + i.ToString(CultureInfo.InvariantCulture),
                SignUpMonth = "2025-03",
                CreatedAt = createdAt.AddSeconds(i),
                UpdatedAt = createdAt.AddSeconds(i),
                Version = 1,
            });
            foreach (var name in item.Keys.Where(k => k.StartsWith("GSI", StringComparison.Ordinal)).ToArray())
            {
                item.Remove(name);
            }

            return item;
        }).ToList();
    }

    private static async Task RawBatchWriteAsync(IAmazonDynamoDB client, string tableName, List<Dictionary<string, AttributeValue>> items) =>
        await Parallel.ForEachAsync(items.Chunk(25), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (chunk, token) =>
        {
            var pending = chunk.Select(i => new WriteRequest { PutRequest = new PutRequest { Item = i } }).ToList();
            while (pending.Count > 0)
            {
                var response = await client.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = new() { [tableName] = pending } }, token).ConfigureAwait(false);
                pending = response.UnprocessedItems is { } left && left.TryGetValue(tableName, out var rest) ? rest : [];
            }
        }).ConfigureAwait(false);

    private static async Task<BenchTable> FreshTableAsync(IAmazonDynamoDB client)
    {
        var options = new SaasUsersTableOptions
        {
            TableName = "bench-evo-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant(),
            CursorSigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        await new TableProvisioner(client, SaasUsersModel.Default, options).EnsureTableAsync().ConfigureAwait(false);
        return new BenchTable(client, options);
    }

    private sealed class BenchTable(IAmazonDynamoDB client, SaasUsersTableOptions options) : IAsyncDisposable
    {
        public string Name => options.TableName!;

        public EntityTable Entities { get; } = new(client, SaasUsersModel.Default, options);

        public async ValueTask DisposeAsync() => await new TableProvisioner(client, SaasUsersModel.Default, options).DeleteTableAsync(Name).ConfigureAwait(false);
    }
}
