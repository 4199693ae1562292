using BenchmarkDotNet.Attributes;
using SaasUsers.Data.Benchmarks.EndToEnd;

namespace SaasUsers.Data.Benchmarks.Benchmarks;

/// <summary>
/// Group 3: get, put (unversioned and versioned) and the account overview against DynamoDB Local, through
/// SaasUsers.Data and by hand with the low-level client (the baseline of each category). Needs DynamoDB Local:
/// <c>SAASUSERS_DYNAMODB_URL</c>, or Docker for SaasUsers.Data.Testing to start one (benchmarks/run-benchmarks.sh
/// starts one container for the whole run).
/// </summary>
[Config(typeof(EndToEndConfig))]
public class EndToEndBenchmarks
{
    private EndToEndFixture _fixture = null!;
    private EndToEndOperations _operations = null!;

    /// <summary>Creates the table and data, checks that both contenders get the same results, and warms up the server.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        _fixture = await EndToEndFixture.CreateAsync().ConfigureAwait(false);
        _operations = new EndToEndOperations(_fixture);
        await EndToEndCheck.RunAsync(_operations).ConfigureAwait(false);
        await EndToEndCheck.WarmUpAsync(_operations, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
    }

    /// <summary>Deletes the table.</summary>
    [GlobalCleanup]
    public async Task CleanupAsync() => await _fixture.DisposeAsync().ConfigureAwait(false);

    [BenchmarkCategory("Get user"), Benchmark(Baseline = true, Description = "hand-written")]
    public Task<object?> GetHandWritten() => _operations.GetHandWrittenAsync();

    [BenchmarkCategory("Get user"), Benchmark(Description = "SaasUsers.Data")]
    public Task<object?> GetOurs() => _operations.GetOursAsync();

    [BenchmarkCategory("Put payment"), Benchmark(Baseline = true, Description = "hand-written")]
    public Task<object?> PutPaymentHandWritten() => _operations.PutPaymentHandWrittenAsync();

    [BenchmarkCategory("Put payment"), Benchmark(Description = "SaasUsers.Data")]
    public Task<object?> PutPaymentOurs() => _operations.PutPaymentOursAsync();

    [BenchmarkCategory("Put user (versioned)"), Benchmark(Baseline = true, Description = "hand-written")]
    public Task<object?> PutUserHandWritten() => _operations.PutUserHandWrittenAsync();

    [BenchmarkCategory("Put user (versioned)"), Benchmark(Description = "SaasUsers.Data")]
    public Task<object?> PutUserOurs() => _operations.PutUserOursAsync();

    [BenchmarkCategory("Account overview"), Benchmark(Baseline = true, Description = "hand-written")]
    public Task<object?> OverviewHandWritten() => _operations.OverviewHandWrittenAsync();

    [BenchmarkCategory("Account overview"), Benchmark(Description = "SaasUsers.Data")]
    public Task<object?> OverviewOurs() => _operations.OverviewOursAsync();
}
