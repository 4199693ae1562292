using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.ChangeFeed;

/// <summary>The activity log from DynamoDB Local's real stream: entries, order, paging, cursor binding, retention; options validation.</summary>
public sealed class ActivityLogTests : IClassFixture<StreamTableFixture>
{
    private readonly StreamTableFixture _table;

    public ActivityLogTests(StreamTableFixture table) => _table = table;

    [Fact]
    public async Task UserHistory_IsLoggedNewestFirst_PagedWithABoundCursor_WithRetention()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.Zero));
        var id = "act-" + Guid.NewGuid().ToString("N")[..8];
        var other = id + "-other";
        await using (var writer = _table.CreateServices(s => s.AddSingleton<TimeProvider>(time)))
        {
            var users = writer.GetRequiredService<IUserRepository>();
            var subscriptions = writer.GetRequiredService<ISubscriptionRepository>();
            var payments = writer.GetRequiredService<ICheckoutPaymentRepository>();
            var user = await users.CreateAsync(new NewUser { UserId = id, Email = id + "@example.com" }, ct);
            await users.CreateAsync(new NewUser { UserId = other, Email = other + "@example.com" }, ct);
            time.Advance(TimeSpan.FromHours(1));
            await subscriptions.ApplyChangeAsync(new SubscriptionChange { UserId = id, SubscriptionId = "s1", PaymentProvider = "stripe", PlanId = "pro", Status = SubscriptionStatus.Trialing, EventAt = time.GetUtcNow() }, ct);
            time.Advance(TimeSpan.FromHours(1));
            await subscriptions.ApplyChangeAsync(new SubscriptionChange { UserId = id, SubscriptionId = "s1", PaymentProvider = "stripe", PlanId = "pro", Status = SubscriptionStatus.Active, Price = new Money(2900, "EUR"), EventAt = time.GetUtcNow() }, ct);
            time.Advance(TimeSpan.FromHours(1));
            await payments.RecordAsync(new NewCheckoutPayment { UserId = id, CheckoutSessionId = "cs-" + id, PaymentProvider = "stripe", Amount = new Money(2900, "EUR"), Status = PaymentStatus.Paid }, cancellationToken: ct);
            time.Advance(TimeSpan.FromHours(1));
            await users.ChangeEmailAsync(user, id + ".new@example.com", ct);
            time.Advance(TimeSpan.FromHours(1));
            await subscriptions.ApplyChangeAsync(new SubscriptionChange { UserId = id, SubscriptionId = "s1", PaymentProvider = "stripe", PlanId = "pro", Status = SubscriptionStatus.Canceled, Price = new Money(2900, "EUR"), EventAt = time.GetUtcNow() }, ct);
        }

        await using var services = _table.CreateFeedServices(configure: s => s.AddSaasUsersActivityLog(o => o.Retention = TimeSpan.FromDays(400)));
        await services.GetRequiredService<ChangeFeedConsumer>().CatchUpAsync(ct);
        var log = services.GetRequiredService<IActivityLog>();

        // Newest first, two a page
        var first = await log.ListForUserAsync(id, 2, cancellationToken: ct);
        var second = await log.ListForUserAsync(id, 2, first.NextCursor, ct);
        var third = await log.ListForUserAsync(id, 2, second.NextCursor, ct);
        var entries = first.Items.Concat(second.Items).Concat(third.Items).ToArray();
        Assert.Equal(
            [AccountActivityKind.SubscriptionCanceled, AccountActivityKind.EmailChanged, AccountActivityKind.PaymentRecorded, AccountActivityKind.SubscriptionChanged, AccountActivityKind.SubscriptionStarted, AccountActivityKind.SignedUp],
            entries.Select(e => e.Kind));
        Assert.Equal("pro: Trialing → Active", entries[3].Summary);
        Assert.Equal("29.00 EUR Paid", entries[2].Summary);
        Assert.All(entries, e => Assert.Equal(e.OccurredAt + TimeSpan.FromDays(400), e.ExpiresAt));
        Assert.DoesNotContain(entries, e => e.Summary.Contains('@', StringComparison.Ordinal));

        // A cursor of this account's log does not read another account's
        await Assert.ThrowsAsync<InvalidCursorException>(() => log.ListForUserAsync(other, 2, first.NextCursor, ct));

        // Entries past their retention are left out before time to live deletes them
        var late = new FakeTimeProvider(new DateTimeOffset(2027, 11, 5, 11, 30, 0, TimeSpan.Zero));
        var expired = await new ActivityLog(services.GetRequiredService<IEntityTable>(), late).ListForUserAsync(id, 50, cancellationToken: ct);
        Assert.Equal([AccountActivityKind.SubscriptionCanceled, AccountActivityKind.EmailChanged], expired.Items.Select(e => e.Kind));
    }

    [Fact]
    public async Task Options_OutOfRange_FailAtStartNamingTheOption()
    {
        await using var services = _table.CreateFeedServices(o => o.ConsumerName = "bad name#", s => s.AddSaasUsersActivityLog(o => o.Retention = TimeSpan.FromMinutes(5)));
        var feed = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ChangeFeedOptions>>().Value);
        Assert.Contains("ConsumerName", feed.Message, StringComparison.Ordinal);
        var activity = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ActivityLogOptions>>().Value);
        Assert.Contains("Retention", activity.Message, StringComparison.Ordinal);
    }
}
