using System.Globalization;
using SaasUsers.Data.Stripe.Tests.Support;

namespace SaasUsers.Data.Stripe.Tests;

/// <summary>
/// A subscription's whole life delivered in order, reversed and shuffled, against DynamoDB Local: every order ends in
/// the state of the newest event. Stripe stamps whole seconds, so the checkout and the subscription's creation share
/// one, and so do each invoice and the subscription update it causes.
/// </summary>
public sealed class LifecycleTests(StripeTableFixture table) : IClassFixture<StripeTableFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>checkout → subscription created → invoice paid → updated (active) → payment failed → updated (past due) → deleted.</summary>
    private static List<string> Lifecycle(string userId, string run)
    {
        var t = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120);
        var (subscription, customer) = ("sub_" + run, "cus_" + run);
        var periodEnd = t.AddDays(30);
        return
        [
            Webhook.Json("evt_1_" + run, "checkout.session.completed", t, StripeEvents.Checkout("cs_" + run, "subscription", userId, customer, "paid", subscriptionId: subscription)),
            Webhook.Json("evt_2_" + run, "customer.subscription.created", t, StripeEvents.Subscription(subscription, "incomplete", customer, userId, periodEnd)),
            Webhook.Json("evt_3_" + run, "invoice.paid", t.AddSeconds(1), StripeEvents.Invoice("in_1_" + run, subscription, customer, 2900, "paid", userId)),
            Webhook.Json("evt_4_" + run, "customer.subscription.updated", t.AddSeconds(1), StripeEvents.Subscription(subscription, "active", customer, userId, periodEnd)),
            Webhook.Json("evt_5_" + run, "invoice.payment_failed", t.AddSeconds(2), StripeEvents.Invoice("in_2_" + run, subscription, customer, 2900, "open", userId)),
            Webhook.Json("evt_6_" + run, "customer.subscription.updated", t.AddSeconds(2), StripeEvents.Subscription(subscription, "past_due", customer, userId, periodEnd.AddDays(30))),
            Webhook.Json("evt_7_" + run, "customer.subscription.deleted", t.AddSeconds(3), StripeEvents.Subscription(subscription, "canceled", customer, userId, periodEnd.AddDays(30))),
        ];
    }

    public static TheoryData<string, int> Orders() => new()
    {
        { "in order", 0 },
        { "reversed", -1 },
        { "shuffled", 1 },
        { "shuffled", 2 },
        { "shuffled", 3 },
        { "shuffled", 42 },
        { "shuffled", 2026 },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Lifecycle_InAnyOrder_EndsInTheStateOfTheNewestEvent(string order, int seed)
    {
        await using var services = table.CreateStripeServices();
        var webhook = new Webhook(services);

        // Given the state the lifecycle leaves when delivered in order (the reference)
        var reference = await RunAsync(webhook, events => events);

        // When the same lifecycle (a new user and new ids) is delivered in another order
        var state = await RunAsync(webhook, events => events.InOrder(seed));

        // Then both end in the same state: canceled, as the newest event says, with both invoices recorded
        Assert.Equal(reference, state);
        Assert.StartsWith("Canceled|prod_pro|price_pro_month|29.00 EUR|Month|", state.Subscription, StringComparison.Ordinal);
        Assert.Equal("in_1:Paid:29.00 EUR, in_2:Unpaid:29.00 EUR", state.Payments);
        Assert.Equal(7, state.Records);
        _ = order;
    }

    private async Task<LifecycleState> RunAsync(Webhook webhook, Func<List<string>, List<string>> order)
    {
        var user = await webhook.SignUpAsync(Cancel);
        var run = Guid.NewGuid().ToString("N")[..10];
        foreach (var json in order(Lifecycle(user.UserId, run)))
        {
            var result = await webhook.DeliverAsync(json, Cancel);
            Assert.True(result.Outcome is StripeWebhookOutcome.Applied or StripeWebhookOutcome.NoChange, $"{result.EventType}: {result.Outcome} ({result.Detail})");
        }

        var subscription = Assert.Single(await webhook.Subscriptions.ListAsync(user.UserId, Cancel));
        var payments = await webhook.Payments.ListAsync(user.UserId, 100, null, Cancel);
        var stored = await webhook.Users.GetAsync(user.UserId, consistentRead: true, Cancel);
        var records = 0;
        for (var i = 1; i <= 7; i++)
        {
            records += await webhook.RecordOfAsync($"evt_{i}_{run}", Cancel) is null ? 0 : 1;
        }

        return new LifecycleState(
            string.Join('|', subscription.Status, subscription.PlanId, subscription.PriceId, subscription.Price, subscription.PriceInterval,
                "period end " + (subscription.CurrentPeriodEnd - subscription.LastEventAt)?.TotalDays.ToString(CultureInfo.InvariantCulture) + " days after the last event",
                subscription.CancelAtPeriodEnd, subscription.ProviderCustomerId?.Replace(run, "", StringComparison.Ordinal)),
            string.Join(", ", payments.Items.OrderBy(p => p.CheckoutSessionId, StringComparer.Ordinal)
                .Select(p => $"{p.CheckoutSessionId.Replace("_" + run, "", StringComparison.Ordinal)}:{p.Status}:{p.Amount}")),
            stored?.ProviderCustomerId?.Replace(run, "", StringComparison.Ordinal),
            records);
    }

    private sealed record LifecycleState(string Subscription, string Payments, string? Customer, int Records);
}

internal static class ShuffleExtensions
{
    /// <summary>The items in the order a theory row names: 0 as they are, -1 reversed, any other seed shuffled with it.</summary>
    public static List<T> InOrder<T>(this List<T> items, int seed) => seed switch
    {
        0 => items,
        -1 => Enumerable.Reverse(items).ToList(),
        _ => items.Shuffled(seed),
    };

    public static List<T> Shuffled<T>(this List<T> items, int seed)
    {
        var random = new Random(seed);
        var shuffled = items.ToList();
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shuffled));
        return shuffled;
    }
}
