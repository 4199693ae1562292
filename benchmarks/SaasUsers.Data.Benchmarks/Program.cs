using BenchmarkDotNet.Running;
using SaasUsers.Data.Benchmarks.Context;
using SaasUsers.Data.Benchmarks.Data;

namespace SaasUsers.Data.Benchmarks;

/// <summary>
/// Runs the benchmarks: <c>dotnet run -c Release -- --filter '*'</c> (BenchmarkDotNet's command line; see
/// docs/benchmarks.md). <c>check</c> only proves that the contenders write and read the same items.
/// </summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static async Task Main(string[] args)
    {
        if (args is ["ratios-e2e" or "ratios-e2e-in-memory", ..])
        {
            var rounds = Arg(args, 1, 100);
            await Ratios.RatioSuite.RunEndToEndAsync(rounds, inMemory: args[0] == "ratios-e2e-in-memory").ConfigureAwait(false);
            return;
        }

        if (args is ["ratios-whole", ..])
        {
            var rounds = Arg(args, 1, 50);
            await Ratios.WholeReadSuite.RunAsync(rounds).ConfigureAwait(false);
            return;
        }

        if (args is ["batchwrite", ..])
        {
            var items = Arg(args, 1, 1000);
            var rounds = Arg(args, 2, 10);
            await Batches.BatchWriteThroughput.RunAsync(items, rounds).ConfigureAwait(false);
            return;
        }

        if (args is ["ratios", ..])
        {
            var rounds = Arg(args, 1, 200);
            await Ratios.RatioSuite.RunInMemoryAsync(rounds).ConfigureAwait(false);
            return;
        }

        if (args is ["changefeed", ..])
        {
            await ChangeFeed.ChangeFeedLoad.RunAsync(backlog: Arg(args, 1, 2000), rate: Arg(args, 2, 50), seconds: Arg(args, 3, 20)).ConfigureAwait(false);
            return;
        }

        if (args is ["evolution", ..])
        {
            var items = Arg(args, 1, 5000);
            var rounds = Arg(args, 2, 3);
            await Evolution.EvolutionThroughput.RunAsync(items, rounds).ConfigureAwait(false);
            return;
        }

        if (args is ["check"])
        {
            using var context = new ContextMapping();
            Equivalence.Check(context);
            var page = SampleData.CreatePage(1000);
            var full = SampleData.CreatePage(int.MaxValue, 1024 * 1024);
            Console.WriteLine($"equivalent: hand-written (plain and tuned), SaasUsers.Data and DynamoDBContext write and read the same items");
            Console.WriteLine($"page of 1000 items: {ItemSizes.Of(page):N0} bytes; 1 MB page: {full.Count} items, {ItemSizes.Of(full):N0} bytes");
            foreach (var item in new[] { User.Mapper.ToItem(SampleData.User), Subscription.Mapper.ToItem(SampleData.Subscription), CheckoutPayment.Mapper.ToItem(SampleData.Payment) })
            {
                Console.WriteLine($"{item["_type"].S}: {item.Count} attributes, {ItemSizes.Of(item)} bytes");
            }

            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }

    // The command's numeric argument at index i, or the fallback when it is not given.
    private static int Arg(string[] args, int i, int fallback) =>
        args.Length > i ? int.Parse(args[i], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
