using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace SaasUsers.Data.Tests.ChangeFeed;

/// <summary>The consumer stopped mid-shard and restarted, and a handler that fails: nothing lost, nothing counted twice.</summary>
public sealed class ConsumerRestartTests : IClassFixture<StreamTableFixture>
{
    private readonly StreamTableFixture _table;

    public ConsumerRestartTests(StreamTableFixture table) => _table = table;

    [Fact]
    public async Task KilledMidShardThenRestarted_HandlerFailuresRetried_StatsEqualTheTable()
    {
        var ct = TestContext.Current.CancellationToken;
        var deleted = await ScriptedMonth.WriteAsync(_table, "k", ct);

        // Given a consumer reading 7 records a batch that is killed during its fourth batch
        var first = new RecordingHandler();
        using var kill = CancellationTokenSource.CreateLinkedTokenSource(ct);
        first.OnBatch = (_, n) =>
        {
            if (n == 4)
            {
                kill.Cancel();
                kill.Token.ThrowIfCancellationRequested();
            }

            return Task.CompletedTask;
        };
        await using (var services = _table.CreateFeedServices(o => o.BatchSize = 7, s => s.AddSingleton<ITableChangeHandler>(first)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => services.GetRequiredService<ChangeFeedConsumer>().CatchUpAsync(kill.Token));
        }

        Assert.Equal(3 * 7, first.Changes.Count);

        // When a new consumer starts, with a handler that fails its first two deliveries
        var second = new RecordingHandler();
        second.OnBatch = (_, n) => n <= 2 ? throw new InvalidOperationException("downstream is down") : Task.CompletedTask;
        await using var restarted = _table.CreateFeedServices(o => o.BatchSize = 7, s => s.AddSingleton<ITableChangeHandler>(second));
        await restarted.GetRequiredService<ChangeFeedConsumer>().CatchUpAsync(ct);

        // Then every record was delivered, each once after the checkpoint (the killed batch again), none skipped
        var all = first.Changes.Concat(second.Changes).Select(c => c.SequenceNumber).ToArray();
        Assert.Equal(all.Length, all.Distinct(StringComparer.Ordinal).Count());
        Assert.True(second.Batches > 2);

        // And the stats equal the table's, as if nothing had happened
        var stats = await restarted.GetRequiredService<IDailyStatsRepository>().GetRangeAsync(ScriptedMonth.First, ScriptedMonth.Last, ct);
        ScriptedMonth.AssertMatches(await ScriptedMonth.FromTableAsync(_table, deleted, ct), stats);
    }
}
