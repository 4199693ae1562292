using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.ChangeFeed;

/// <summary>Several processes of one consumer name: the lease lets one read at a time, and a standby takes over.</summary>
public sealed class ConsumerLeaseTests : IClassFixture<StreamTableFixture>
{
    private readonly StreamTableFixture _table;

    public ConsumerLeaseTests(StreamTableFixture table) => _table = table;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoInstancesOfOneConsumer_OneReads_AndTheOtherTakesOverWhenItStops_NothingDeliveredTwice()
    {
        // Given two running instances of consumer "billing" and sign-ups in the stream
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var first = new RecordingHandler();
        var second = new RecordingHandler();
        await using var a = Instance("a", first, time);
        await using var b = Instance("b", second, time);
        await SignUpAsync(a, "lease-1", 5);

        // When both catch up at once
        using var start = new ManualResetEventSlim();
        var runs = new[] { a, b }.Select(s => Task.Run(async () =>
        {
            start.Wait(Cancel);
            return await s.GetRequiredService<ChangeFeedConsumer>().CatchUpAsync(Cancel);
        }, Cancel)).ToArray();
        start.Set();
        var delivered = await Task.WhenAll(runs);

        // Then exactly one read the stream, and got every sign-up once
        Assert.Single(delivered, d => d > 0);
        Assert.Single(delivered, d => d == 0);
        var (holder, standby, holderLog, standbyLog) = delivered[0] > 0 ? (a, b, first, second) : (b, a, second, first);
        Assert.Empty(standbyLog.Changes);
        await DrainAsync(holder, holderLog, "lease-1", 5);

        // And while the holder renews the lease the standby reads nothing, though there is something to read
        await SignUpAsync(a, "lease-2", 3);
        await DrainAsync(holder, holderLog, "lease-2", 3);
        await SignUpAsync(a, "lease-3", 4);
        Assert.Equal(0, await standby.GetRequiredService<ChangeFeedConsumer>().CatchUpAsync(Cancel));
        Assert.Empty(standbyLog.Changes);

        // When the holder's host stops (it gives the lease up), the standby goes on from the checkpoints at once
        await holder.GetRequiredService<ChangeFeedConsumer>().ReleaseLeaseAsync(Cancel);
        await DrainAsync(standby, standbyLog, "lease-3", 4);
        Assert.Empty(SignUps(standbyLog, "lease-1").Concat(SignUps(standbyLog, "lease-2")));
        Assert.Equal(0, await holder.GetRequiredService<ChangeFeedConsumer>().CatchUpAsync(Cancel));

        // When the new holder stops renewing (crashed: no release), the lease lapses after its duration, not before
        await SignUpAsync(a, "lease-4", 2);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, await holder.GetRequiredService<ChangeFeedConsumer>().CatchUpAsync(Cancel));
        Assert.Empty(SignUps(holderLog, "lease-4"));
        time.Advance(TimeSpan.FromSeconds(2));
        await DrainAsync(holder, holderLog, "lease-4", 2);

        // And across both instances every change was delivered exactly once
        var all = holderLog.Changes.Concat(standbyLog.Changes).Select(c => c.SequenceNumber).ToArray();
        Assert.Equal(all.Length, all.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(5 + 3 + 4 + 2, holderLog.Changes.Concat(standbyLog.Changes).Count(c => c.Kind == TableChangeKind.Inserted && c.Is<User>()));

        // The lapsed holder finds out at its next renewal and stops
        Assert.Equal(0, await standby.GetRequiredService<ChangeFeedConsumer>().CatchUpAsync(Cancel));
    }

    [Fact]
    public void LeaseDuration_OutsideItsRange_FailsAtStart()
    {
        using var services = _table.CreateFeedServices(o => o.LeaseDuration = TimeSpan.FromSeconds(1));
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => services.GetRequiredService<ChangeFeedConsumer>());
        Assert.Contains("LeaseDuration", error.Message, StringComparison.Ordinal);
    }

    private ServiceProvider Instance(string name, RecordingHandler handler, TimeProvider time) =>
        _table.CreateFeedServices(
            o =>
            {
                o.ConsumerName = "billing";
                o.InstanceName = name;
                o.LeaseDuration = TimeSpan.FromSeconds(5);
            },
            s => s.AddSingleton<ITableChangeHandler>(handler),
            time);

    /// <summary>Catches up until the handler has the sign-ups (DynamoDB Local shows new records a moment after the write).</summary>
    private static async Task DrainAsync(ServiceProvider services, RecordingHandler handler, string prefix, int count)
    {
        var consumer = services.GetRequiredService<ChangeFeedConsumer>();
        for (var attempt = 0; attempt < 200 && SignUps(handler, prefix).Count < count; attempt++)
        {
            if (await consumer.CatchUpAsync(Cancel) == 0)
            {
                await Task.Delay(100, Cancel);
            }
        }

        var checkpoints = new List<string>();
        await foreach (var item in services.GetRequiredService<IEntityTable>().QueryAllAsync(new ItemQuery("FEED#billing") { ConsistentRead = true }, Cancel))
        {
            checkpoints.Add(item.ToString()!);
        }

        Assert.True(count == SignUps(handler, prefix).Count, $"{prefix}: {SignUps(handler, prefix).Count} of {count}; handler has {handler.Changes.Count} changes, last {handler.Changes.LastOrDefault()}; {string.Join(" | ", checkpoints)}; instance {consumer.InstanceName}");
    }

    private static async Task SignUpAsync(ServiceProvider services, string prefix, int count)
    {
        var users = services.GetRequiredService<IUserRepository>();
        for (var i = 0; i < count; i++)
        {
            await users.CreateAsync(new NewUser { UserId = $"{prefix}-{i}", Email = $"{prefix}-{i}@example.com" }, Cancel);
        }
    }

    private static List<TableChange> SignUps(RecordingHandler handler, string prefix) =>
        handler.Changes.Where(c => c.Kind == TableChangeKind.Inserted && c.Is<User>() && c.Key.PartitionKey.StartsWith("USER#" + prefix + "-", StringComparison.Ordinal)).ToList();
}
