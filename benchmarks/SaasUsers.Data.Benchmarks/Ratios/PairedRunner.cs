using System.Diagnostics;
using System.Globalization;

namespace SaasUsers.Data.Benchmarks.Ratios;

/// <summary>
/// One contender of a paired comparison: a name and one operation (sync or async). An asynchronous operation is
/// timed in wall-clock time (network calls), or with <paramref name="ProcessCpu"/> in the process's CPU time
/// (in-process work whose continuations may run on any thread).
/// </summary>
public sealed record Contender(string Name, Func<object?>? Run = null, Func<Task<object?>>? RunAsync = null, bool ProcessCpu = false);

/// <summary>The result of one contender in a paired comparison.</summary>
public sealed record ContenderResult(string Name, double MedianNs, double MinNs, double MedianRatio, double P25Ratio, double P75Ratio, double MinRatio, double AllocatedBytes);

/// <summary>
/// Measures ratios on a busy machine: the contenders of one comparison run in alternating short batches in the
/// same process, in a new random order each round (B A C, A C B, C B A, ...), so that whatever else the machine
/// does hits them alike and no contender is always first or always follows the same one. Synchronous
/// operations are timed in the thread's CPU time (so time the scheduler gives to other processes on a busy machine
/// is not counted), asynchronous ones (network calls) in wall-clock time. Each round
/// gives one ratio to the baseline (the first contender); the median of those paired ratios, their quartiles, and
/// the ratio of the fastest batches are reported. Allocation is counted exactly, per operation, on the thread.
/// </summary>
/// <remarks>
/// This complements BenchmarkDotNet (which measures one benchmark after the other, so a load that comes and goes
/// between two benchmarks skews their ratio); the BenchmarkDotNet tables remain the reference for absolute times.
/// </remarks>
public static class PairedRunner
{
    // Declared before Order: static initializers run in text order.
    private static readonly int Seed =
        int.TryParse(Environment.GetEnvironmentVariable("SAASUSERS_BENCH_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : Environment.TickCount & int.MaxValue;

    /// <summary>
    /// The random order of the contenders in each round. The seed is printed with every comparison, and
    /// <c>SAASUSERS_BENCH_SEED</c> sets it to repeat a run's orders.
    /// </summary>
    private static readonly Random Order = new(Seed);

    /// <summary>Runs one comparison and prints its table row by row.</summary>
    /// <param name="title">The comparison, e.g. "Item to User".</param>
    /// <param name="contenders">The contenders; the first is the baseline.</param>
    /// <param name="rounds">Rounds of one batch per contender.</param>
    /// <param name="batchTime">The target time of one batch of the baseline.</param>
    public static async Task<IReadOnlyList<ContenderResult>> RunAsync(string title, IReadOnlyList<Contender> contenders, int rounds, TimeSpan batchTime)
    {
        // Warm up: tiered JIT reaches its final code after some calls and a recompile on a background thread, which
        // on a busy machine waits for a core; so run, pause for it, and run again.
        for (var phase = 0; phase < 3; phase++)
        {
            var warmUpUntil = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * (phase == 0 ? 1 : 0.5));
            while (Stopwatch.GetTimestamp() < warmUpUntil)
            {
                foreach (var contender in contenders)
                {
                    for (var i = 0; i < 50; i++)
                    {
                        await InvokeAsync(contender).ConfigureAwait(false);
                    }
                }
            }

            await Task.Delay(300).ConfigureAwait(false);
        }

        // Size a batch from the baseline's speed.
        var probe = await TimeBatchAsync(contenders[0], 20).ConfigureAwait(false);
        var perOp = Math.Max(probe / 20, 1);
        var batch = (int)Math.Clamp(batchTime.TotalMilliseconds * 1_000_000 / perOp, contenders.Any(c => c.RunAsync is not null) ? 5 : 1, 1_000_000);

        var samples = contenders.Select(_ => new List<double>(rounds)).ToArray();
        var allocated = new double[contenders.Count];
        var order = Enumerable.Range(0, contenders.Count).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            // A new random order each round: no contender always runs first (cold caches) or right after another one.
            Order.Shuffle(order);
            foreach (var index in order)
            {
                var isAsync = contenders[index].RunAsync is not null;

                // Synchronous operations: exact, this thread only. Asynchronous ones: the whole process (the SDK's
                // continuations run on pool threads), which includes anything else the process allocates meanwhile.
                var before = isAsync ? GC.GetTotalAllocatedBytes(precise: true) : GC.GetAllocatedBytesForCurrentThread();
                var ns = await TimeBatchAsync(contenders[index], batch).ConfigureAwait(false);
                var after = isAsync ? GC.GetTotalAllocatedBytes(precise: true) : GC.GetAllocatedBytesForCurrentThread();
                allocated[index] += (after - before) / (double)batch;

                samples[index].Add(ns / batch);
            }
        }

        var results = new List<ContenderResult>();
        var baseline = samples[0];
        for (var c = 0; c < contenders.Count; c++)
        {
            var ratios = samples[c].Select((value, round) => value / baseline[round]).Order().ToArray();
            results.Add(new ContenderResult(
                contenders[c].Name,
                Median(samples[c].Order().ToArray()),
                samples[c].Min(),
                Median(ratios),
                Percentile(ratios, 0.25),
                Percentile(ratios, 0.75),
                samples[c].Min() / baseline.Min(),
                allocated[c] / rounds));
        }

        Print(title, batch, rounds, results);
        return results;
    }

    /// <summary>Prints the Markdown table header.</summary>
    public static void PrintHeader() =>
        Console.WriteLine(
            "| comparison | contender | median | fastest batch | ratio (median of paired rounds) | quartiles | ratio of fastest | allocated |" + Environment.NewLine +
            "|---|---|---:|---:|---:|---|---:|---:|");

    private static void Print(string title, int batch, int rounds, List<ContenderResult> results)
    {
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {title} | {r.Name} | {Time(r.MedianNs)} | {Time(r.MinNs)} | {r.MedianRatio:0.00} | {r.P25Ratio:0.00}–{r.P75Ratio:0.00} | {r.MinRatio:0.00} | {r.AllocatedBytes.ToString("N0", CultureInfo.InvariantCulture)} B |"));
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// {title}: {rounds} rounds of {batch} operations a contender, in random order (seed {Seed})"));
    }

    private static string Time(double ns) =>
        ns >= 1_000_000 ? string.Create(CultureInfo.InvariantCulture, $"{ns / 1_000_000:0.000} ms")
        : ns >= 1_000 ? string.Create(CultureInfo.InvariantCulture, $"{ns / 1_000:0.00} µs")
        : string.Create(CultureInfo.InvariantCulture, $"{ns:0.0} ns");

    private static async Task<double> TimeBatchAsync(Contender contender, int count)
    {
        if (contender.Run is { } run)
        {
            // The thread's CPU time: the time the scheduler gave to other processes is not counted.
            var cpuStart = CpuTime.Thread();
            object? sink = null;
            for (var i = 0; i < count; i++)
            {
                sink = run();
            }

            GC.KeepAlive(sink);
            return CpuTime.Thread() - cpuStart;
        }

        if (contender.ProcessCpu)
        {
            var processStart = CpuTime.Process();
            for (var i = 0; i < count; i++)
            {
                await contender.RunAsync!().ConfigureAwait(false);
            }

            return CpuTime.Process() - processStart;
        }

        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            await contender.RunAsync!().ConfigureAwait(false);
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1_000_000;
    }

    private static async Task InvokeAsync(Contender contender)
    {
        if (contender.Run is { } run)
        {
            GC.KeepAlive(run());
        }
        else
        {
            await contender.RunAsync!().ConfigureAwait(false);
        }
    }

    private static double Median(double[] sorted) => Percentile(sorted, 0.5);

    private static double Percentile(double[] sorted, double p)
    {
        var position = (sorted.Length - 1) * p;
        var lower = (int)Math.Floor(position);
        var upper = (int)Math.Ceiling(position);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (position - lower));
    }
}
