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
    public async Task OrganizationHistory_LogsMembersJoiningAndLeavingAndItsSubscription_UnderTheOrganization()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = "orgact-" + Guid.NewGuid().ToString("N")[..8];
        await using (var writer = _table.CreateServices())
        {
            var users = writer.GetRequiredService<IUserRepository>();
            var organizations = writer.GetRequiredService<IOrganizationRepository>();
            var owner = await users.CreateAsync(new NewUser { UserId = id + "-owner", Email = id + "-owner@example.com" }, ct);
            var member = await users.CreateAsync(new NewUser { UserId = id + "-member", Email = id + "-member@example.com" }, ct);
            await organizations.CreateAsync(new NewOrganization { OrganizationId = id, Slug = id, Name = "Activity", OwnerUserId = owner.UserId, Seats = 3 }, ct);
            await organizations.AddMemberAsync(id, member.UserId, OrganizationRoles.Member, ct);
            await writer.GetRequiredService<ISubscriptionRepository>().ApplyChangeAsync(new SubscriptionChange { OrganizationId = id, SubscriptionId = "s-org", PaymentProvider = "stripe", PlanId = "team", Status = SubscriptionStatus.Active, EventAt = DateTimeOffset.UtcNow, Seats = 3 }, ct);
            await organizations.RemoveMemberAsync(id, member.UserId, ct);
        }

        await using var services = _table.CreateFeedServices(configure: s => s.AddSaasUsersActivityLog());
        await services.GetRequiredService<ChangeFeedConsumer>().CatchUpAsync(ct);
        var log = services.GetRequiredService<IActivityLog>();

        // The organization's log has two joins (owner, member), one leave and the subscription; the users' logs have no membership entry
        var entries = (await log.ListForOrganizationAsync(id, 50, cancellationToken: ct)).Items;
        Assert.Equal(
            [AccountActivityKind.SubscriptionStarted, AccountActivityKind.MemberJoined, AccountActivityKind.MemberJoined, AccountActivityKind.MemberLeft],
            entries.Select(e => e.Kind).Order());
        Assert.All(entries, e => Assert.Equal((ActivityEntry.OrganizationAccount, id), (e.AccountKind, e.AccountId)));
        Assert.Equal([id + "-member", id + "-owner"], entries.Where(e => e.Kind == AccountActivityKind.MemberJoined).Select(e => e.SubjectId).Order(StringComparer.Ordinal));
        Assert.Equal(id + "-member", entries.Single(e => e.Kind == AccountActivityKind.MemberLeft).SubjectId);
        Assert.Equal([AccountActivityKind.SignedUp], (await log.ListForUserAsync(id + "-member", 50, cancellationToken: ct)).Items.Select(e => e.Kind));
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
