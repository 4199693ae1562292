using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SaasUsers.Data.Testing;

namespace SaasUsers.Data.Tests.ChangeFeed;

/// <summary>
/// A month of a small SaaS written through the repositories on a fake clock (November 2026): sign-ups every day,
/// subscriptions with prices in two currencies, upgrades, cancellations, payments, and users without anything
/// deleted. Then the stats the table implies, computed independently from a scan of it.
/// </summary>
internal static class ScriptedMonth
{
    public static readonly DateOnly First = new(2026, 11, 1);
    public static readonly DateOnly Last = new(2026, 11, 30);

    /// <summary>Writes the month; returns the sign-up days of the users it deleted (the table cannot show those).</summary>
    public static async Task<List<DateOnly>> WriteAsync(StreamTableFixture table, string prefix, CancellationToken ct)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));
        await using var services = table.CreateServices(s => s.AddSingleton<TimeProvider>(time));
        var users = services.GetRequiredService<IUserRepository>();
        var subscriptions = services.GetRequiredService<ISubscriptionRepository>();
        var payments = services.GetRequiredService<ICheckoutPaymentRepository>();
        var deleted = new List<DateOnly>();
        for (var day = 0; day < 30; day++)
        {
            for (var n = 0; n < 2; n++)
            {
                var id = $"{prefix}-{day:D2}-{n}";
                await users.CreateAsync(new NewUser { UserId = id, Email = id + "@example.com" }, ct);
                time.Advance(TimeSpan.FromMinutes(7));
                if ((day + n) % 3 == 2)
                {
                    continue; // a free user
                }

                var currency = n == 0 ? "EUR" : "USD";
                var yearly = day % 5 == 0;
                var change = new SubscriptionChange
                {
                    UserId = id, SubscriptionId = "sub-" + id, PaymentProvider = "stripe", PlanId = "pro",
                    Status = day % 4 == 0 ? SubscriptionStatus.Trialing : SubscriptionStatus.Active,
                    Price = new Money(yearly ? 29000 : 2900, currency), PriceInterval = yearly ? PriceInterval.Year : PriceInterval.Month,
                    EventAt = time.GetUtcNow(),
                };
                await payments.RecordAsync(new NewCheckoutPayment { UserId = id, CheckoutSessionId = "cs-" + id, PaymentProvider = "stripe", Amount = change.Price!, Status = PaymentStatus.Paid, SubscriptionId = change.SubscriptionId }, change, ct);
                time.Advance(TimeSpan.FromMinutes(3));
            }

            // Every fourth day: an earlier subscriber upgrades, another cancels.
            if (day >= 4 && day % 4 == 0)
            {
                var upgrade = $"{prefix}-{day - 4:D2}-0";
                if ((day - 4) % 3 != 2)
                {
                    await subscriptions.ApplyChangeAsync(new SubscriptionChange
                    {
                        UserId = upgrade, SubscriptionId = "sub-" + upgrade, PaymentProvider = "stripe", PlanId = "business",
                        Status = SubscriptionStatus.Active, Price = new Money(9900, "EUR"), EventAt = time.GetUtcNow(),
                    }, ct);
                }

                var cancel = $"{prefix}-{day - 3:D2}-1";
                if ((day - 3 + 1) % 3 != 2)
                {
                    await subscriptions.ApplyChangeAsync(new SubscriptionChange
                    {
                        UserId = cancel, SubscriptionId = "sub-" + cancel, PaymentProvider = "stripe", PlanId = "pro",
                        Status = SubscriptionStatus.Canceled, Price = new Money(2900, "USD"), EventAt = time.GetUtcNow(),
                    }, ct);
                }
            }

            // Every tenth day a user signs up and deletes the account the same day.
            if (day % 10 == 9)
            {
                var free = $"{prefix}-{day:D2}-leaving";
                await users.CreateAsync(new NewUser { UserId = free, Email = free + "@example.com" }, ct);
                await users.DeleteAsync(free, ct);
                deleted.Add(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
            }

            time.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(20));
        }

        return deleted;
    }

    /// <summary>The stats the table implies, from a scan and nothing of the package's stats code.</summary>
    public static async Task<Expected> FromTableAsync(StreamTableFixture table, IEnumerable<DateOnly> deletedSignUps, CancellationToken ct)
    {
        var expected = new Expected();
        foreach (var day in deletedSignUps)
        {
            expected.SignUps[day] = expected.SignUps.GetValueOrDefault(day) + 1;
        }

        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await table.Client.ScanAsync(new ScanRequest { TableName = table.TableName, ExclusiveStartKey = start, ConsistentRead = true }, ct);
            foreach (var item in page.Items)
            {
                switch (item["_type"].S)
                {
                    case "User":
                        var user = User.Mapper.FromItem(item);
                        expected.SignUps[DateOnly.FromDateTime(user.CreatedAt.UtcDateTime)] = expected.SignUps.GetValueOrDefault(DateOnly.FromDateTime(user.CreatedAt.UtcDateTime)) + 1;
                        break;
                    case "CheckoutPayment":
                        var payment = CheckoutPayment.Mapper.FromItem(item);
                        var day = DateOnly.FromDateTime(payment.CreatedAt.UtcDateTime);
                        expected.Payments[day] = expected.Payments.GetValueOrDefault(day) + 1;
                        expected.Revenue[(day, payment.Amount.Currency)] = expected.Revenue.GetValueOrDefault((day, payment.Amount.Currency)) + payment.Amount.AmountMinor;
                        break;
                    case "Subscription":
                        var subscription = Subscription.Mapper.FromItem(item);
                        expected.Subscriptions[(subscription.PlanId, subscription.Status)] = expected.Subscriptions.GetValueOrDefault((subscription.PlanId, subscription.Status)) + 1;
                        if (subscription.Status is SubscriptionStatus.Active or SubscriptionStatus.PastDue)
                        {
                            var monthly = subscription.PriceInterval == PriceInterval.Year ? (long)Math.Round(subscription.Price!.AmountMinor / 12m, MidpointRounding.AwayFromZero) : subscription.Price!.AmountMinor;
                            expected.Mrr[subscription.Price.Currency] = expected.Mrr.GetValueOrDefault(subscription.Price.Currency) + monthly;
                        }

                        if (subscription.Status == SubscriptionStatus.Canceled)
                        {
                            var canceled = DateOnly.FromDateTime(subscription.UpdatedAt.UtcDateTime);
                            expected.Cancellations[canceled] = expected.Cancellations.GetValueOrDefault(canceled) + 1;
                        }

                        break;
                }
            }

            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return expected;
    }

    public static void AssertMatches(Expected expected, IReadOnlyList<DailyStats> stats)
    {
        Xunit.Assert.Equal(30, stats.Count);
        foreach (var day in stats)
        {
            Xunit.Assert.Equal(expected.SignUps.GetValueOrDefault(day.Date), day.SignUps);
            Xunit.Assert.Equal(expected.Payments.GetValueOrDefault(day.Date), day.Payments);
            Xunit.Assert.Equal(expected.Cancellations.GetValueOrDefault(day.Date), day.Cancellations);
            foreach (var currency in new[] { "EUR", "USD" })
            {
                Xunit.Assert.Equal(expected.Revenue.GetValueOrDefault((day.Date, currency)), day.Revenue.GetValueOrDefault(currency));
            }
        }

        // Levels at the end of the month are the table's current state.
        var end = stats[^1];
        Xunit.Assert.Equal(
            expected.Subscriptions.OrderBy(p => p.Key.Plan).ThenBy(p => p.Key.Status).Select(p => $"{p.Key.Plan}/{p.Key.Status}={p.Value}"),
            end.Subscriptions.Select(s => $"{s.PlanId}/{s.Status}={s.Count}"));
        Xunit.Assert.Equal(expected.Mrr.OrderBy(p => p.Key), end.MonthlyRecurringRevenue.OrderBy(p => p.Key));
    }

    internal sealed class Expected
    {
        public Dictionary<DateOnly, long> SignUps { get; } = [];

        public Dictionary<DateOnly, long> Payments { get; } = [];

        public Dictionary<(DateOnly, string), long> Revenue { get; } = [];

        public Dictionary<DateOnly, long> Cancellations { get; } = [];

        public Dictionary<(string Plan, SubscriptionStatus Status), long> Subscriptions { get; } = [];

        public Dictionary<string, long> Mrr { get; } = [];
    }
}
