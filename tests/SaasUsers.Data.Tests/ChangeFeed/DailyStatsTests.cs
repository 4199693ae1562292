using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace SaasUsers.Data.Tests.ChangeFeed;

/// <summary>The daily stats from DynamoDB Local's real stream, against an independent computation from the table.</summary>
public sealed class DailyStatsTests : IClassFixture<StreamTableFixture>
{
    private readonly StreamTableFixture _table;

    public DailyStatsTests(StreamTableFixture table) => _table = table;

    [Fact]
    public async Task ScriptedMonth_StatsEqualTheTable_ReplayChangesNoCounter_RebuildGivesTheSame()
    {
        var ct = TestContext.Current.CancellationToken;

        // Given a month of activity, read by the consumer
        var deleted = await ScriptedMonth.WriteAsync(_table, "m", ct);
        await using (var services = _table.CreateFeedServices())
        {
            await services.GetRequiredService<ChangeFeedConsumer>().CatchUpAsync(ct);
            var stats = await services.GetRequiredService<IDailyStatsRepository>().GetRangeAsync(ScriptedMonth.First, ScriptedMonth.Last, ct);

            // Then the stats equal what the table says
            var expected = await ScriptedMonth.FromTableAsync(_table, deleted, ct);
            ScriptedMonth.AssertMatches(expected, stats);
            // A deletion is counted on the day the stream saw it (today, not the fake clock's day): the users are gone from the table.
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            Assert.Equal(deleted.Count, (await services.GetRequiredService<IDailyStatsRepository>().GetRangeAsync(today, today, ct))[0].DeletedUsers);
            Assert.Equal(60 + deleted.Count, stats.Sum(s => s.SignUps));
            Assert.True(stats.Sum(s => s.Payments) > 30);

            // When every record is delivered a second time (checkpoints gone, a fresh consumer)
            var table = services.GetRequiredService<IEntityTable>();
            await foreach (var item in table.QueryAllAsync(new ItemQuery(StreamCheckpoint.CreatePartitionKey(ChangeFeedOptions.DefaultConsumerName)), ct))
            {
                if (item is StreamCheckpoint checkpoint)
                {
                    await table.DeleteAsync<StreamCheckpoint>(StreamCheckpoint.Mapper.GetKey(checkpoint), cancellationToken: ct);
                }
            }

            await using var replay = _table.CreateFeedServices();
            var redelivered = await replay.GetRequiredService<ChangeFeedConsumer>().CatchUpAsync(ct);
            Assert.True(redelivered >= 60);

            // Then no counter changed
            var again = await replay.GetRequiredService<IDailyStatsRepository>().GetRangeAsync(ScriptedMonth.First, ScriptedMonth.Last, ct);
            Assert.Equal(Render(stats), Render(again));

            // And a rebuild from the table gives the same month
            var rebuild = await replay.GetRequiredService<IDailyStatsRepository>().RebuildAsync(ct);
            Assert.True(rebuild.StatsItemsDeleted > 0 && rebuild.StatsItemsWritten > 0);
            var rebuilt = await replay.GetRequiredService<IDailyStatsRepository>().GetRangeAsync(ScriptedMonth.First, ScriptedMonth.Last, ct);
            // (the rebuild sees only what the table holds: users deleted since are not among the sign-ups)
            ScriptedMonth.AssertMatches(await ScriptedMonth.FromTableAsync(_table, [], ct), rebuilt);
        }
    }

    [Fact]
    public async Task GetRange_ToBeforeFrom_ThrowsNamingTheArgument()
    {
        await using var services = _table.CreateFeedServices();
        var stats = services.GetRequiredService<IDailyStatsRepository>();
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => stats.GetRangeAsync(new DateOnly(2026, 2, 1), new DateOnly(2026, 1, 1), TestContext.Current.CancellationToken));
        Assert.Equal("to", error.ParamName);
    }

    internal static IEnumerable<string> Render(IReadOnlyList<DailyStats> stats) =>
        stats.Select(s => $"{s.Date} su={s.SignUps} del={s.DeletedUsers} pay={s.Payments} can={s.Cancellations} rev={string.Join(",", s.Revenue.OrderBy(p => p.Key))} mrr={string.Join(",", s.MonthlyRecurringRevenue.OrderBy(p => p.Key))} subs={string.Join(",", s.Subscriptions)}");
}
