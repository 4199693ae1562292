using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using Perfolizer.Horology;

namespace SaasUsers.Data.Benchmarks.Benchmarks;

/// <summary>
/// The in-memory groups (mapping, page decoding): one process, 3 warm-up and 12 measured iterations of about
/// 250 ms. Enough for ratios on a busy 2-core machine without a full run taking more than a few minutes.
/// </summary>
public sealed class InMemoryConfig : ManualConfig
{
    /// <summary>Creates the configuration.</summary>
    public InMemoryConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(12)
            .WithIterationTime(TimeInterval.FromMilliseconds(250))
            .WithId("InMemory"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        AddColumn(CategoriesColumn.Default);
        HideColumns(Column.Job, Column.StdDev, "RatioSD");
        WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value));
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}

/// <summary>
/// End to end against DynamoDB Local: one process, 3 warm-up and 15 measured iterations of about 500 ms (each
/// a few hundred requests), after a warm-up of the server in the global setup.
/// </summary>
public sealed class EndToEndConfig : ManualConfig
{
    /// <summary>Creates the configuration.</summary>
    public EndToEndConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(15)
            .WithIterationTime(TimeInterval.FromMilliseconds(500))
            .WithId("EndToEnd"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        AddColumn(CategoriesColumn.Default);
        HideColumns(Column.Job, "RatioSD");
        WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value));
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}
