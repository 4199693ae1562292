using Microsoft.Extensions.Time.Testing;
using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.SaasModel;

/// <summary>Access pattern 6: the account overview in one Query.</summary>
public sealed class AccountOverviewTests(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    [Fact]
    public async Task GetOverviewAsync_ReturnsUserSubscriptionsAndLatestPaymentsNewestFirstFromThreeBoundedReads()
    {
        // Given: a user with two subscriptions and seven payments, one a day
        var cancellationToken = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero));
        await using var saas = SaasServices.Create(table, time);
        var userId = Guid.NewGuid().ToString("N");
        var user = await saas.Users.CreateAsync(new NewUser { UserId = userId, Email = $"overview.{userId}@example.com", DisplayName = "Overview" }, cancellationToken);
        foreach (var (id, status) in new[] { ("sub-a", SubscriptionStatus.Active), ("sub-b", SubscriptionStatus.Canceled) })
        {
            await saas.Subscriptions.ApplyChangeAsync(
                new SubscriptionChange { UserId = userId, SubscriptionId = id, PaymentProvider = "stripe", PlanId = "pro", Status = status, EventAt = time.GetUtcNow(), CurrentPeriodEnd = time.GetUtcNow().AddMonths(1) },
                cancellationToken);
        }

        var payments = new List<CheckoutPayment>();
        for (var day = 0; day < 7; day++)
        {
            time.Advance(TimeSpan.FromDays(1));
            var result = await saas.Payments.RecordAsync(
                new NewCheckoutPayment { PaymentProvider = "stripe", CheckoutSessionId = $"cs_{userId}_{day}", UserId = userId, Amount = new Money(1000 + day, "USD"), Status = PaymentStatus.Paid },
                cancellationToken: cancellationToken);
            payments.Add(result.Payment);
        }

        saas.Log.Clear();

        // When
        var overview = await saas.Accounts.GetOverviewAsync(userId, latestPayments: 3, cancellationToken);

        // Then: one Query gave the user, both subscriptions and the three newest payments, newest first
        Assert.Equal(["GetItem", "Query", "Query"], saas.Log.Operations.Order(StringComparer.Ordinal));
        Assert.NotNull(overview);
        Assert.Equal(user, overview.User with { Metadata = user.Metadata });
        Assert.Equal(["sub-a", "sub-b"], overview.Subscriptions.Select(s => s.SubscriptionId).Order(StringComparer.Ordinal));
        Assert.Equal(payments.AsEnumerable().Reverse().Take(3), overview.LatestPayments);
        Assert.True(overview.HasMorePayments);
        Assert.Equal("sub-a", overview.ActiveSubscription?.SubscriptionId);
    }

    [Fact]
    public async Task GetOverviewAsync_WithAllPaymentsShown_SaysNoMorePayments()
    {
        // Given: a user with two payments
        var cancellationToken = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero));
        await using var saas = SaasServices.Create(table, time);
        var userId = Guid.NewGuid().ToString("N");
        await saas.Users.CreateAsync(new NewUser { UserId = userId, Email = $"few.{userId}@example.com" }, cancellationToken);
        for (var i = 0; i < 2; i++)
        {
            time.Advance(TimeSpan.FromHours(1));
            await saas.Payments.RecordAsync(
                new NewCheckoutPayment { PaymentProvider = "stripe", CheckoutSessionId = $"cs_{userId}_{i}", UserId = userId, Amount = new Money(500, "EUR"), Status = PaymentStatus.Paid },
                cancellationToken: cancellationToken);
        }

        saas.Log.Clear();

        // When
        var overview = await saas.Accounts.GetOverviewAsync(userId, cancellationToken: cancellationToken);

        // Then
        Assert.Equal(["GetItem", "Query", "Query"], saas.Log.Operations.Order(StringComparer.Ordinal));
        Assert.NotNull(overview);
        Assert.Equal([$"cs_{userId}_1", $"cs_{userId}_0"], overview.LatestPayments.Select(p => p.CheckoutSessionId));
        Assert.Empty(overview.Subscriptions);
        Assert.Null(overview.ActiveSubscription);
        Assert.False(overview.HasMorePayments);
    }

    [Fact]
    public async Task GetOverviewAsync_OfMissingUser_ReturnsNullFromThreeBoundedReads()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);

        var overview = await saas.Accounts.GetOverviewAsync(Guid.NewGuid().ToString("N"), cancellationToken: cancellationToken);

        Assert.Null(overview);
        Assert.Equal(["GetItem", "Query", "Query"], saas.Log.Operations.Order(StringComparer.Ordinal));
    }
}
