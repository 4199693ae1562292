using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.SaasModel;

/// <summary>Access patterns 7 and 8: webhook-driven subscription changes in any order, listing, and the active subscription.</summary>
public sealed class SubscriptionWebhookTests(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Both lifecycles, each under five shuffles.</summary>
    public static TheoryData<string, int> ShuffledLifecycles => new(
        from chain in new[] { "ending-canceled", "ending-active" }
        from seed in new[] { 1, 7, 42, 2026, 31337 }
        select (chain, seed));

    [Theory]
    [MemberData(nameof(ShuffledLifecycles))]
    public async Task ApplyChangeAsync_LifecycleEventsInShuffledOrder_EndsInStateOfNewestEvent(string chain, int seed)
    {
        // Given: a valid lifecycle (Incomplete -> Active -> PastDue -> Active -> Canceled, or one whose newest event
        // is not terminal, so that only the event times can decide), delivered in a shuffled order
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var userId = Guid.NewGuid().ToString("N");
        await saas.SignUpAsync(userId, cancellationToken);
        var events = chain == "ending-active" ? LifecycleEndingActive(userId) : Lifecycle(userId);
        var shuffled = events.ToArray();
        new Random(seed).Shuffle(shuffled);

        // When
        var results = new List<SubscriptionChangeResult>();
        foreach (var change in shuffled)
        {
            results.Add(await saas.Subscriptions.ApplyChangeAsync(change, cancellationToken));
        }

        // Then: the stored subscription is exactly the newest event's state
        var newest = events[^1];
        var stored = Assert.Single(await saas.Subscriptions.ListAsync(userId, cancellationToken));
        var order = string.Join(" ", shuffled.Select(e => e.Status));
        Assert.True(newest.Status == stored.Status, $"Order {order}: stored {stored.Status} from {stored.LastEventAt:O}.");
        Assert.Equal(newest.EventAt, stored.LastEventAt);
        Assert.Equal(newest.PlanId, stored.PlanId);
        Assert.Equal(newest.PriceId, stored.PriceId);
        Assert.Equal(newest.CurrentPeriodEnd, stored.CurrentPeriodEnd);
        Assert.Equal(newest.CancelAtPeriodEnd, stored.CancelAtPeriodEnd);
        Assert.Equal(newest.ProviderSubscriptionId, stored.ProviderSubscriptionId);
        Assert.Equal(newest.ProviderCustomerId, stored.ProviderCustomerId);

        // And: each event was applied, or skipped as stale with a reason (in a valid lifecycle every later status is
        // reachable from every earlier one, so only the time can refuse), and the version counts the applied ones
        var applied = results.Count(r => r.Applied);
        Assert.Equal(applied, stored.Version);
        Assert.All(results.Where(r => !r.Applied), r => Assert.Equal(SubscriptionChangeOutcome.SkippedStale, r.Outcome));
        Assert.All(results.Where(r => !r.Applied), r => Assert.False(string.IsNullOrEmpty(r.Reason)));
        Assert.All(results.Where(r => r.Applied), r => Assert.Null(r.Reason));
        Assert.Equal(SubscriptionChangeOutcome.Applied, results[Array.IndexOf(shuffled, newest)].Outcome);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(99)]
    public async Task ApplyChangeAsync_LifecycleEventsDeliveredConcurrently_EndsInStateOfNewestEvent(int seed)
    {
        // Given: the lifecycle whose newest event is not terminal, each event delivered three times, all at once in a shuffled order
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var userId = Guid.NewGuid().ToString("N");
        await saas.SignUpAsync(userId, cancellationToken);
        var events = LifecycleEndingActive(userId);
        var deliveries = events.Concat(events).Concat(events).ToArray();
        new Random(seed).Shuffle(deliveries);

        // When
        var results = await Task.WhenAll(deliveries.Select(async change =>
        {
            await Task.Yield();
            return await saas.Subscriptions.ApplyChangeAsync(change, cancellationToken);
        }));

        // Then: the newest event won; each event was applied at most once
        var stored = Assert.Single(await saas.Subscriptions.ListAsync(userId, cancellationToken));
        Assert.Equal(SubscriptionStatus.Active, stored.Status);
        Assert.Equal("business", stored.PlanId);
        Assert.Equal(events[^1].EventAt, stored.LastEventAt);
        Assert.Equal(results.Count(r => r.Applied), stored.Version);
        Assert.True(stored.Version <= events.Length, $"Version {stored.Version}: an event was applied twice.");
        // (An applied result's subscription is read back after the write, so under concurrency it can show a later
        // event: group by the event delivered.)
        Assert.All(
            results.Select((r, i) => (Result: r, Delivered: deliveries[i])).Where(x => x.Result.Applied).GroupBy(x => x.Delivered.EventAt),
            group => Assert.Single(group));
    }

    [Fact]
    public async Task ApplyChangeAsync_WithStaleEvent_ReturnsSkippedStaleWithStoredStateAndWritesNothing()
    {
        // Given: the subscription holds the event of 10:00
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var userId = Guid.NewGuid().ToString("N");
        await saas.SignUpAsync(userId, cancellationToken);
        var events = Lifecycle(userId);
        var current = await saas.Subscriptions.ApplyChangeAsync(events[2], cancellationToken);
        var before = await TableContents.GetAsync(table, Subscription.CreateKey(BillingAccount.UserKind, userId, events[2].SubscriptionId), cancellationToken);

        // When: an older event arrives, and one from the same instant
        var older = await saas.Subscriptions.ApplyChangeAsync(events[1], cancellationToken);
        var sameTime = await saas.Subscriptions.ApplyChangeAsync(events[2] with { Status = SubscriptionStatus.Active }, cancellationToken);

        // Then
        Assert.Equal(SubscriptionChangeOutcome.SkippedStale, older.Outcome);
        Assert.Equal(SubscriptionChangeOutcome.SkippedStale, sameTime.Outcome);
        Assert.Equal(current.Subscription, older.Subscription);
        Assert.Equal(current.Subscription, sameTime.Subscription);
        Assert.Contains("newer than", older.Reason, StringComparison.Ordinal);
        var after = await TableContents.GetAsync(table, Subscription.CreateKey(BillingAccount.UserKind, userId, events[2].SubscriptionId), cancellationToken);
        Assert.Equal(TableContents.Describe(before!), TableContents.Describe(after!));
    }

    [Fact]
    public async Task ApplyChangeAsync_FromCanceledToActiveWithNewerTime_ReturnsSkippedTransitionNotAllowedAndWritesNothing()
    {
        // Given: a canceled subscription
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var userId = Guid.NewGuid().ToString("N");
        await saas.SignUpAsync(userId, cancellationToken);
        var canceled = Lifecycle(userId)[^1];
        await saas.Subscriptions.ApplyChangeAsync(canceled, cancellationToken);
        var before = await TableContents.GetAsync(table, Subscription.CreateKey(BillingAccount.UserKind, userId, canceled.SubscriptionId), cancellationToken);
        saas.Log.Clear();

        // When: a newer event says it is active again
        var result = await saas.Subscriptions.ApplyChangeAsync(canceled with { Status = SubscriptionStatus.Active, EventAt = canceled.EventAt.AddHours(1) }, cancellationToken);

        // Then: skipped, with the stored (canceled) state and a reason naming both statuses; one request, nothing written
        Assert.Equal(SubscriptionChangeOutcome.SkippedTransitionNotAllowed, result.Outcome);
        Assert.False(result.Applied);
        Assert.Equal(SubscriptionStatus.Canceled, result.Subscription!.Status);
        Assert.Contains("Canceled", result.Reason, StringComparison.Ordinal);
        Assert.Contains("Active", result.Reason, StringComparison.Ordinal);
        Assert.Equal(["TransactWriteItems"], saas.Log.Operations);
        var after = await TableContents.GetAsync(table, Subscription.CreateKey(BillingAccount.UserKind, userId, canceled.SubscriptionId), cancellationToken);
        Assert.Equal(TableContents.Describe(before!), TableContents.Describe(after!));
    }

    [Fact]
    public async Task ApplyChangeAsync_NewerEventWithoutOptionalFields_RemovesThemAndLeavesTheIndexes()
    {
        // Given: a subscription known by provider subscription id and customer id
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var userId = Guid.NewGuid().ToString("N");
        await saas.SignUpAsync(userId, cancellationToken);
        var first = Lifecycle(userId)[1];
        await saas.Subscriptions.ApplyChangeAsync(first, cancellationToken);

        // When: a newer event carries no price, period end or provider ids
        var result = await saas.Subscriptions.ApplyChangeAsync(
            first with { EventAt = first.EventAt.AddMinutes(1), PriceId = null, CurrentPeriodEnd = null, ProviderSubscriptionId = null, ProviderCustomerId = null },
            cancellationToken);

        // Then: the fields and the index keys built from them are gone; creation time and version carry on
        Assert.True(result.Applied);
        var item = await TableContents.GetAsync(table, Subscription.CreateKey(BillingAccount.UserKind, userId, first.SubscriptionId), cancellationToken);
        Assert.NotNull(item);
        Assert.DoesNotContain(item.Keys, k => k is "PriceId" or "CurrentPeriodEnd" or "ProviderSubscriptionId" or "ProviderCustomerId" or "GSI2PK" or "GSI2SK" or "GSI3PK" or "GSI3SK");
        Assert.Equal(2, result.Subscription!.Version);
        Assert.Null(await saas.Subscriptions.FindByProviderSubscriptionIdAsync("stripe", first.ProviderSubscriptionId!, cancellationToken));
    }

    [Fact]
    public async Task ListAndGetActive_ReturnEverySubscriptionAndTheOneGivingAccessNow()
    {
        // Given: at 2026-03-10 a user has an ended trial, an active plan until April, and a canceled one
        var cancellationToken = TestContext.Current.CancellationToken;
        var now = new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
        await using var saas = SaasServices.Create(table, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now));
        var userId = Guid.NewGuid().ToString("N");
        await saas.Users.CreateAsync(new NewUser { UserId = userId, Email = $"subs.{userId}@example.com" }, cancellationToken);
        var template = Lifecycle(userId)[0] with { ProviderSubscriptionId = null };
        await saas.Subscriptions.ApplyChangeAsync(template with { SubscriptionId = "sub-trial", Status = SubscriptionStatus.Trialing, CurrentPeriodEnd = now.AddDays(-1) }, cancellationToken);
        await saas.Subscriptions.ApplyChangeAsync(template with { SubscriptionId = "sub-active", Status = SubscriptionStatus.Active, CurrentPeriodEnd = now.AddDays(20) }, cancellationToken);
        await saas.Subscriptions.ApplyChangeAsync(template with { SubscriptionId = "sub-old", Status = SubscriptionStatus.Canceled, CurrentPeriodEnd = now.AddDays(-30) }, cancellationToken);
        saas.Log.Clear();

        // When
        var all = await saas.Subscriptions.ListAsync(userId, cancellationToken);
        var active = await saas.Subscriptions.GetActiveAsync(userId, cancellationToken);

        // Then: one Query each
        Assert.Equal(["sub-active", "sub-old", "sub-trial"], all.Select(s => s.SubscriptionId).Order(StringComparer.Ordinal));
        Assert.Equal("sub-active", active?.SubscriptionId);
        Assert.Equal(["Query", "Query"], saas.Log.Operations);
    }

    /// <summary>Incomplete -> Trialing -> Active -> PastDue -> Unpaid -> Active, one hour apart: the newest event is not terminal.</summary>
    private static SubscriptionChange[] LifecycleEndingActive(string userId)
    {
        var first = Lifecycle(userId)[0];
        return
        [
            first,
            first with { Status = SubscriptionStatus.Trialing, EventAt = Start.AddHours(1), CurrentPeriodEnd = Start.AddDays(14) },
            first with { Status = SubscriptionStatus.Active, EventAt = Start.AddHours(2), CurrentPeriodEnd = Start.AddMonths(1) },
            first with { Status = SubscriptionStatus.PastDue, EventAt = Start.AddHours(3), CurrentPeriodEnd = Start.AddMonths(1), CancelAtPeriodEnd = true },
            first with { Status = SubscriptionStatus.Unpaid, EventAt = Start.AddHours(4), CurrentPeriodEnd = Start.AddMonths(1), PriceId = null },
            first with { Status = SubscriptionStatus.Active, EventAt = Start.AddHours(5), PlanId = "business", PriceId = "price_business", CurrentPeriodEnd = Start.AddMonths(3) },
        ];
    }

    /// <summary>Incomplete -> Active -> PastDue -> Active -> Canceled, one hour apart, each event carrying different details.</summary>
    private static SubscriptionChange[] Lifecycle(string userId)
    {
        var baseChange = new SubscriptionChange
        {
            UserId = userId,
            SubscriptionId = "sub-" + userId,
            PaymentProvider = "stripe",
            PlanId = "starter",
            PriceId = "price_starter",
            Status = SubscriptionStatus.Incomplete,
            ProviderSubscriptionId = "sub_" + userId,
            ProviderCustomerId = "cus_" + userId,
            EventAt = Start,
        };
        return
        [
            baseChange,
            baseChange with { Status = SubscriptionStatus.Active, EventAt = Start.AddHours(1), CurrentPeriodEnd = Start.AddMonths(1) },
            baseChange with { Status = SubscriptionStatus.PastDue, EventAt = Start.AddHours(2), CurrentPeriodEnd = Start.AddMonths(1) },
            baseChange with { Status = SubscriptionStatus.Active, EventAt = Start.AddHours(3), PlanId = "pro", PriceId = "price_pro", CurrentPeriodEnd = Start.AddMonths(2), CancelAtPeriodEnd = true },
            baseChange with { Status = SubscriptionStatus.Canceled, EventAt = Start.AddHours(4), PlanId = "pro", PriceId = null, CurrentPeriodEnd = Start.AddMonths(2), CancelAtPeriodEnd = false },
        ];
    }
}
