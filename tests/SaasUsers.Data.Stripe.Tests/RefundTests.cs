using SaasUsers.Data.Stripe.Tests.Support;

namespace SaasUsers.Data.Stripe.Tests;

/// <summary>
/// <c>charge.refunded</c> against DynamoDB Local: a checkout payment marked partially or fully refunded, exactly once
/// per event, ending at the largest refunded total whatever order the reports arrive in.
/// </summary>
public sealed class RefundTests(StripeTableFixture table) : IClassFixture<StripeTableFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Run() => Guid.NewGuid().ToString("N")[..10];

    /// <summary>A paid one-off checkout of 100.00 EUR (payment intent <c>pi_cs_{run}</c>) for a new user.</summary>
    private static async Task<(User User, string Run)> PaidCheckoutAsync(Webhook webhook, string paymentStatus = "paid")
    {
        var user = await webhook.SignUpAsync(Cancel);
        var run = Run();
        var result = await webhook.DeliverAsync("evt_pay_" + run, "checkout.session.completed", DateTimeOffset.UtcNow.AddSeconds(-60),
            StripeEvents.Checkout("cs_" + run, "payment", user.UserId, null, paymentStatus, amountTotal: 10000), Cancel);
        Assert.Equal(StripeWebhookOutcome.Applied, result.Outcome);
        return (user, run);
    }

    private static string Refunded(string eventId, string run, long totalRefunded, DateTimeOffset at) =>
        Webhook.Json(eventId, "charge.refunded", at, StripeEvents.Charge("ch_" + run, "pi_cs_" + run, 10000, totalRefunded));

    [Theory]
    [MemberData(nameof(LifecycleTests.Orders), MemberType = typeof(LifecycleTests))]
    public async Task PartialRefunds_InAnyOrder_EndAtTheLargestTotal(string order, int seed)
    {
        // Given a paid checkout and three partial refunds reported with growing totals (30.00, 70.00, then all 100.00)
        await using var services = table.CreateStripeServices();
        var webhook = new Webhook(services);
        var (user, run) = await PaidCheckoutAsync(webhook);
        var t = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 30);
        var events = new List<string> { Refunded("evt_r1_" + run, run, 3000, t), Refunded("evt_r2_" + run, run, 7000, t.AddSeconds(1)), Refunded("evt_r3_" + run, run, 10000, t.AddSeconds(2)) };

        // When they arrive in some order
        var outcomes = new List<StripeWebhookOutcome>();
        foreach (var json in events.InOrder(seed))
        {
            outcomes.Add((await webhook.DeliverAsync(json, Cancel)).Outcome);
        }

        // Then the payment is fully refunded (its status still Paid), in the listing and in the lookup by session alike
        Assert.All(outcomes, o => Assert.True(o is StripeWebhookOutcome.Applied or StripeWebhookOutcome.NoChange, o.ToString()));
        Assert.Equal(StripeWebhookOutcome.Applied, outcomes[0]);
        var listed = Assert.Single((await webhook.Payments.ListAsync(user.UserId, 10, null, Cancel)).Items);
        Assert.Equal((PaymentStatus.Paid, PaymentRefundState.Refunded, new Money(10000, "EUR"), t.AddSeconds(2)), (listed.Status, listed.RefundState, listed.AmountRefunded, listed.RefundedAt));
        var bySession = await webhook.Payments.GetByCheckoutSessionAsync("stripe", "cs_" + run, Cancel);
        Assert.Equal((listed.RefundState, listed.AmountRefundedMinor, listed.RefundedAt), (bySession?.RefundState, bySession?.AmountRefundedMinor, bySession?.RefundedAt));
        _ = order;
    }

    [Fact]
    public async Task APartialRefund_MarksThePaymentPartiallyRefunded_AndItsRepeatChangesNothing()
    {
        await using var services = table.CreateStripeServices();
        var webhook = new Webhook(services);
        var (user, run) = await PaidCheckoutAsync(webhook);
        var at = DateTimeOffset.UtcNow.AddSeconds(-5);

        var first = await webhook.DeliverAsync(Refunded("evt_r_" + run, run, 2500, at), Cancel);
        var again = await webhook.DeliverAsync(Refunded("evt_r_" + run, run, 2500, at), Cancel);
        var sameTotalOtherEvent = await webhook.DeliverAsync(Refunded("evt_r2_" + run, run, 2500, at), Cancel);

        Assert.Equal((StripeWebhookOutcome.Applied, StripeWebhookOutcome.Duplicate, StripeWebhookOutcome.NoChange), (first.Outcome, again.Outcome, sameTotalOtherEvent.Outcome));
        var payment = Assert.Single((await webhook.Payments.ListAsync(user.UserId, 10, null, Cancel)).Items);
        Assert.Equal((PaymentRefundState.PartiallyRefunded, new Money(2500, "EUR")), (payment.RefundState, payment.AmountRefunded));
        Assert.Equal(BillingAccount.ForUser(user.UserId), (await webhook.RecordOfAsync("evt_r_" + run, Cancel))?.Account);
    }

    [Fact]
    public async Task RefundReports_Delivered20TimesConcurrently_AndDifferentTotalsAtOnce_EndAtTheLargestOnce()
    {
        // Given a paid checkout
        await using var services = table.CreateStripeServices();
        var webhook = new Webhook(services);
        var (user, run) = await PaidCheckoutAsync(webhook);
        var at = DateTimeOffset.UtcNow.AddSeconds(-5);

        // When one report is delivered 20 times at once, and with it four other reports of smaller and larger totals
        var same = Refunded("evt_same_" + run, run, 4000, at);
        var others = new[] { 1000L, 2000L, 6000L, 8000L }.Select((total, i) => Refunded($"evt_o{i}_{run}", run, total, at.AddSeconds(i))).ToArray();
        var payloads = Enumerable.Repeat(same, 20).Concat(others).ToArray();
        var results = payloads.Zip(await webhook.DeliverAtOnceAsync(payloads, Cancel), (json, result) => (Json: json, Result: result)).ToArray();

        // Then the repeated event had one effect (or none, when a larger total was stored first) and 19 duplicates,
        // and the payment ends at the largest total, 80.00
        var ofSame = results.Where(r => r.Json == same).Select(r => r.Result.Outcome).ToArray();
        Assert.Equal(19, ofSame.Count(o => o == StripeWebhookOutcome.Duplicate));
        Assert.Single(ofSame, o => o is StripeWebhookOutcome.Applied or StripeWebhookOutcome.NoChange);
        Assert.All(results, r => Assert.True(r.Result.Outcome is StripeWebhookOutcome.Applied or StripeWebhookOutcome.NoChange or StripeWebhookOutcome.Duplicate, r.Result.Outcome.ToString()));
        var payment = Assert.Single((await webhook.Payments.ListAsync(user.UserId, 10, null, Cancel)).Items);
        Assert.Equal((PaymentRefundState.PartiallyRefunded, 8000L), (payment.RefundState, payment.AmountRefundedMinor));
        Assert.Equal(8000L, (await webhook.Payments.GetByCheckoutSessionAsync("stripe", "cs_" + run, Cancel))?.AmountRefundedMinor);
    }

    [Fact]
    public async Task ARefundReportedBeforeTheBankTransferSettles_IsKeptWhenItSettles()
    {
        // Given a checkout paid by bank transfer, pending
        await using var services = table.CreateStripeServices();
        var webhook = new Webhook(services);
        var (user, run) = await PaidCheckoutAsync(webhook, "unpaid");

        // When the refund is delivered before the settlement
        var refund = await webhook.DeliverAsync(Refunded("evt_r_" + run, run, 10000, DateTimeOffset.UtcNow.AddSeconds(-2)), Cancel);
        var settled = await webhook.DeliverAsync("evt_ok_" + run, "checkout.session.async_payment_succeeded", DateTimeOffset.UtcNow.AddSeconds(-1),
            StripeEvents.Checkout("cs_" + run, "payment", user.UserId, null, "paid", amountTotal: 10000), Cancel);

        // Then the payment is paid and refunded
        Assert.Equal((StripeWebhookOutcome.Applied, StripeWebhookOutcome.Applied), (refund.Outcome, settled.Outcome));
        var payment = Assert.Single((await webhook.Payments.ListAsync(user.UserId, 10, null, Cancel)).Items);
        Assert.Equal((PaymentStatus.Paid, PaymentRefundState.Refunded), (payment.Status, payment.RefundState));
        var bySession = await webhook.Payments.GetByCheckoutSessionAsync("stripe", "cs_" + run, Cancel);
        Assert.Equal((PaymentStatus.Paid, PaymentRefundState.Refunded), (bySession?.Status, bySession?.RefundState));
    }

    [Fact]
    public async Task ARefundOfAnOrganizationsPayment_MarksItInTheOrganizationsCollection()
    {
        await using var services = table.CreateStripeServices();
        var webhook = new Webhook(services);
        var (_, organization) = await webhook.CreateOrganizationAsync(1, Cancel);
        var run = Run();
        await webhook.DeliverAsync("evt_pay_" + run, "checkout.session.completed", DateTimeOffset.UtcNow.AddSeconds(-60),
            StripeEvents.Checkout("cs_" + run, "payment", StripeClientReference.For(BillingAccount.ForOrganization(organization.OrganizationId)), null, "paid", amountTotal: 10000), Cancel);

        var refund = await webhook.DeliverAsync(Refunded("evt_r_" + run, run, 4000, DateTimeOffset.UtcNow.AddSeconds(-5)), Cancel);

        Assert.Equal(StripeWebhookOutcome.Applied, refund.Outcome);
        var payment = Assert.Single((await webhook.Payments.ListForAccountAsync(BillingAccount.ForOrganization(organization.OrganizationId), 10, null, Cancel)).Items);
        Assert.Equal((PaymentRefundState.PartiallyRefunded, new Money(4000, "EUR")), (payment.RefundState, payment.AmountRefunded));
        Assert.Equal(BillingAccount.ForOrganization(organization.OrganizationId), (await webhook.RecordOfAsync("evt_r_" + run, Cancel))?.Account);
    }

    [Theory]
    [InlineData("unknown payment intent")]
    [InlineData("deleted user")]
    public async Task ARefundOfNoRecordedPayment_IsRecordedAsOrphaned_AndWritesNothingElse(string kind)
    {
        await using var services = table.CreateStripeServices();
        var webhook = new Webhook(services);
        var (user, run) = await PaidCheckoutAsync(webhook);
        Assert.Contains($"STRIPEPAYMENT#pi_cs_{run} | PAYMENT", await table.KeysAsync(Cancel));
        if (kind == "deleted user")
        {
            await webhook.Users.DeleteAsync(user.UserId, Cancel);
        }

        var json = kind == "deleted user"
            ? Refunded("evt_r_" + run, run, 1000, DateTimeOffset.UtcNow.AddSeconds(-5))
            : Webhook.Json("evt_r_" + run, "charge.refunded", DateTimeOffset.UtcNow.AddSeconds(-5), StripeEvents.Charge("ch_x" + run, "pi_unknown_" + run, 10000, 1000));
        var before = (await table.KeysAsync(Cancel)).Where(k => !k.StartsWith("STRIPEEVENT#", StringComparison.Ordinal)).ToList();

        var result = await webhook.DeliverAsync(json, Cancel);

        Assert.Equal((StripeWebhookOutcome.Orphaned, true), (result.Outcome, result.Acknowledged));
        Assert.Equal(before, (await table.KeysAsync(Cancel)).Where(k => !k.StartsWith("STRIPEEVENT#", StringComparison.Ordinal)).ToList());
        Assert.Equal(kind == "deleted user", before.TrueForAll(k => !k.Contains(run, StringComparison.Ordinal)));
        Assert.Equal(StripeWebhookOutcome.Orphaned, (await webhook.RecordOfAsync("evt_r_" + run, Cancel))?.Outcome);
    }

    [Fact]
    public async Task ARefundedTotalThatDoesNotFitThePayment_IsAConflict_AndChangesNothing()
    {
        await using var services = table.CreateStripeServices();
        var webhook = new Webhook(services);
        var (user, run) = await PaidCheckoutAsync(webhook);

        var result = await webhook.DeliverAsync(Webhook.Json("evt_r_" + run, "charge.refunded", DateTimeOffset.UtcNow.AddSeconds(-5), StripeEvents.Charge("ch_" + run, "pi_cs_" + run, 20000, 15000)), Cancel);

        Assert.Equal(StripeWebhookOutcome.Conflict, result.Outcome);
        Assert.Equal(PaymentRefundState.None, Assert.Single((await webhook.Payments.ListAsync(user.UserId, 10, null, Cancel)).Items).RefundState);
    }
}
