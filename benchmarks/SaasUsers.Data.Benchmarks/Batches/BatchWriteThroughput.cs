using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using SaasUsers.Data.Benchmarks.Data;
using SaasUsers.Data.Testing;

namespace SaasUsers.Data.Benchmarks.Batches;

/// <summary>
/// One <c>BatchWriteAsync</c> of many users against DynamoDB Local, with its chunks sent one after another
/// (<c>MaxBatchConcurrency = 1</c>) and with 2, 4 (the default) and 8 in flight: the same table, the same client,
/// fresh items each time, the contenders in a new random order each round. Reports the median of the per-round
/// ratios to the sequential time. <c>dotnet ... batchwrite [items] [rounds]</c>.
/// </summary>
public static class BatchWriteThroughput
{
    private static readonly int[] Concurrencies = [1, 2, 4, 8];

    public static async Task RunAsync(int items, int rounds)
    {
        await using var local = DynamoDbLocal.FromEnvironment();
        using var client = await local.CreateClientAsync().ConfigureAwait(false);
        var options = new SaasUsersTableOptions
        {
            TableName = "bench-batch-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant(),
            CursorSigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        var provisioner = new TableProvisioner(client, SaasUsersModel.Default, options);
        await provisioner.EnsureTableAsync().ConfigureAwait(false);
        try
        {
            var tables = Concurrencies.Select(c => new EntityTable(client, SaasUsersModel.Default, new SaasUsersTableOptions
            {
                TableName = options.TableName,
                CursorSigningKey = options.CursorSigningKey,
                MaxBatchConcurrency = c,
            })).ToArray();
            var seconds = Concurrencies.Select(_ => new List<double>()).ToArray();
            var random = new Random(items);
            var order = Enumerable.Range(0, Concurrencies.Length).ToArray();
            var batchNumber = 0;

            // Round 0 warms up the JIT, the connections and DynamoDB Local; it is not counted.
            for (var round = 0; round <= rounds; round++)
            {
                random.Shuffle(order);
                foreach (var index in order)
                {
                    var batch = Users(items, ++batchNumber);
                    var stopwatch = Stopwatch.StartNew();
                    await tables[index].BatchWriteAsync(batch).ConfigureAwait(false);
                    if (round > 0)
                    {
                        seconds[index].Add(stopwatch.Elapsed.TotalSeconds);
                    }
                }
            }

            Console.WriteLine($"| MaxBatchConcurrency ({items:N0} users a batch, {rounds} rounds) | median time | items/s | time vs 1 (median of paired rounds) | quartiles |");
            Console.WriteLine("|---:|---:|---:|---:|---|");
            for (var c = 0; c < Concurrencies.Length; c++)
            {
                var ratios = seconds[c].Select((s, round) => s / seconds[0][round]).Order().ToArray();
                var median = Percentile(seconds[c].Order().ToArray(), 0.5);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {Concurrencies[c]} | {median * 1000:N0} ms | {items / median:N0} | {Percentile(ratios, 0.5):0.00} | {Percentile(ratios, 0.25):0.00}–{Percentile(ratios, 0.75):0.00} |"));
            }
        }
        finally
        {
            await provisioner.DeleteTableAsync(options.TableName).ConfigureAwait(false);
        }
    }

    private static BatchWriteBuilder Users(int count, int batchNumber)
    {
        var batch = new BatchWriteBuilder();
        for (var i = 0; i < count; i++)
        {
            var user = SampleData.CreateUser((batchNumber * count) + i);
            batch.Put(user with { UserId = "bw" + batchNumber.ToString(CultureInfo.InvariantCulture) + "x" + i.ToString(CultureInfo.InvariantCulture) });
        }

        return batch;
    }

    private static double Percentile(double[] sorted, double p)
    {
        var position = (sorted.Length - 1) * p;
        var lower = (int)Math.Floor(position);
        var upper = (int)Math.Ceiling(position);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (position - lower));
    }
}
