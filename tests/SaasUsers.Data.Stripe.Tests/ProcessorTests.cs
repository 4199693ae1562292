using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SaasUsers.Data.Stripe.Tests.Support;
using SaasUsers.Data.Testing;

namespace SaasUsers.Data.Stripe.Tests;

/// <summary>The processor against DynamoDB Local: exactly-once effect, refusals that write nothing, pending payments, orphans.</summary>
public sealed class ProcessorTests(StripeTableFixture table) : IClassFixture<StripeTableFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Run() => Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task TheSameEvent_Delivered20TimesConcurrently_HasOneEffect()
    {
        await using var services = table.CreateStripeServices();
        var webhook = new Webhook(services);
        var user = await webhook.SignUpAsync(Cancel);
        var run = Run();
        var json = Webhook.Json("evt_" + run, "checkout.session.completed", DateTimeOffset.UtcNow.AddSeconds(-5),
            StripeEvents.Checkout("cs_" + run, "payment", user.UserId, null, "paid", amountTotal: 1500));

        var results = await webhook.DeliverAtOnceAsync(Enumerable.Repeat(json, 20), Cancel);

        Assert.Single(results, r => r.Outcome == StripeWebhookOutcome.Applied);
        Assert.Equal(19, results.Count(r => r.Outcome == StripeWebhookOutcome.Duplicate));
        var payment = Assert.Single((await webhook.Payments.ListAsync(user.UserId, 100, null, Cancel)).Items);
        Assert.Equal(new Money(1500, "EUR"), payment.Amount);
        Assert.Equal(StripeWebhookOutcome.Applied, (await webhook.RecordOfAsync("evt_" + run, Cancel))?.Outcome);
    }

    [Fact]
    public async Task TheSameSubscriptionEvent_Delivered20TimesConcurrently_WritesTheSubscriptionOnce()
    {
        await using var services = table.CreateStripeServices();
        var webhook = new Webhook(services);
        var user = await webhook.SignUpAsync(Cancel);
        var run = Run();
        var json = Webhook.Json("evt_" + run, "customer.subscription.created", DateTimeOffset.UtcNow.AddSeconds(-5),
            StripeEvents.Subscription("sub_" + run, "active", "cus_" + run, user.UserId, DateTimeOffset.UtcNow.AddDays(30)));

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => webhook.DeliverAsync(json, Cancel), Cancel)));

        Assert.Single(results, r => r.Outcome == StripeWebhookOutcome.Applied);
        Assert.All(results.Where(r => r.Outcome != StripeWebhookOutcome.Applied), r => Assert.Equal(StripeWebhookOutcome.Duplicate, r.Outcome));
        var subscription = Assert.Single(await webhook.Subscriptions.ListAsync(user.UserId, Cancel));
        Assert.Equal(1, subscription.Version);
    }

    [Fact]
    public async Task ADuplicateDaysLater_ChangesNothing()
    {
        var clock = new ShiftedClock();
        await using var services = table.CreateStripeServices(services: s => s.AddSingleton<TimeProvider>(clock));
        var webhook = new Webhook(services);
        var user = await webhook.SignUpAsync(Cancel);
        var run = Run();
        var created = DateTimeOffset.UtcNow.AddSeconds(-5);
        var json = Webhook.Json("evt_" + run, "customer.subscription.updated", created,
            StripeEvents.Subscription("sub_" + run, "active", "cus_" + run, user.UserId, created.AddDays(30)));
        Assert.Equal(StripeWebhookOutcome.Applied, (await webhook.DeliverAsync(json, Cancel)).Outcome);
        var before = await webhook.Subscriptions.ListAsync(user.UserId, Cancel);

        // Stripe's last retry comes about three days later (signed then, so the clock moves with it).
        clock.Shift = TimeSpan.FromDays(3);
        var late = await webhook.Processor.ProcessAsync(Encoding.UTF8.GetBytes(json), StripeEvents.Sign(json, clock.GetUtcNow()), Cancel);

        Assert.Equal(StripeWebhookOutcome.Duplicate, late.Outcome);
        Assert.Equal(before, await webhook.Subscriptions.ListAsync(user.UserId, Cancel));
        var record = await webhook.RecordOfAsync("evt_" + run, Cancel);
        // Time to live is stored in whole seconds.
        Assert.InRange(record!.ExpiresAt - record.ProcessedAt, TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1), TimeSpan.FromDays(30));
    }

    public static TheoryData<string> Refusals() => ["forged", "expired", "unsigned", "malformed header", "not an event", "not JSON"];

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task ARefusedDelivery_WritesNothing(string kind)
    {
        var log = new DynamoDbRequestLog();
        await using var services = table.CreateStripeServices(log);
        var webhook = new Webhook(services);
        var user = await webhook.SignUpAsync(Cancel);
        var before = await table.KeysAsync(Cancel);
        var run = Run();
        var json = Webhook.Json("evt_" + run, "checkout.session.completed", DateTimeOffset.UtcNow,
            StripeEvents.Checkout("cs_" + run, "payment", user.UserId, null, "paid"));
        var (body, header, expected) = kind switch
        {
            "forged" => (json, StripeEvents.Sign(json, DateTimeOffset.UtcNow, "whsec_attacker"), StripeWebhookOutcome.InvalidSignature),
            "expired" => (json, StripeEvents.Sign(json, DateTimeOffset.UtcNow.AddMinutes(-6)), StripeWebhookOutcome.InvalidSignature),
            "unsigned" => (json, null, StripeWebhookOutcome.InvalidSignature),
            "malformed header" => (json, "v1=abc", StripeWebhookOutcome.InvalidSignature),
            "not an event" => ("""{"id":"cs_1","object":"checkout.session"}""", StripeEvents.Sign("""{"id":"cs_1","object":"checkout.session"}""", DateTimeOffset.UtcNow), StripeWebhookOutcome.InvalidPayload),
            _ => ("<html>", StripeEvents.Sign("<html>", DateTimeOffset.UtcNow), StripeWebhookOutcome.InvalidPayload),
        };
        log.Clear();

        var result = await webhook.Processor.ProcessAsync(Encoding.UTF8.GetBytes(body), header, Cancel);

        Assert.Equal(expected, result.Outcome);
        Assert.False(result.Acknowledged);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal(0, log.Count);
        Assert.Equal(before, await table.KeysAsync(Cancel));
    }

    [Theory]
    [InlineData("pending first")]
    [InlineData("settlement first")]
    public async Task APendingPayment_IsSettledByItsLaterEvent_InEitherOrder(string order)
    {
        await using var services = table.CreateStripeServices();
        var webhook = new Webhook(services);
        var user = await webhook.SignUpAsync(Cancel);
        var run = Run();
        var at = DateTimeOffset.UtcNow.AddSeconds(-60);
        var completed = Webhook.Json("evt_a_" + run, "checkout.session.completed", at, StripeEvents.Checkout("cs_" + run, "payment", user.UserId, null, "unpaid", 9900));
        var succeeded = Webhook.Json("evt_b_" + run, "checkout.session.async_payment_succeeded", at.AddSeconds(40), StripeEvents.Checkout("cs_" + run, "payment", user.UserId, null, "paid", 9900));
        var (first, second) = order == "pending first" ? (completed, succeeded) : (succeeded, completed);

        var firstResult = await webhook.DeliverAsync(first, Cancel);
        if (order == "pending first")
        {
            Assert.Equal(PaymentStatus.Unpaid, (await webhook.Payments.GetByCheckoutSessionAsync("stripe", "cs_" + run, Cancel))?.Status);
        }

        var secondResult = await webhook.DeliverAsync(second, Cancel);

        Assert.Equal(StripeWebhookOutcome.Applied, firstResult.Outcome);
        Assert.Equal(order == "pending first" ? StripeWebhookOutcome.Applied : StripeWebhookOutcome.NoChange, secondResult.Outcome);
        var payment = Assert.Single((await webhook.Payments.ListAsync(user.UserId, 100, null, Cancel)).Items);
        Assert.Equal(PaymentStatus.Paid, payment.Status);
        Assert.Equal(PaymentStatus.Paid, (await webhook.Payments.GetByCheckoutSessionAsync("stripe", "cs_" + run, Cancel))?.Status);
    }

    [Fact]
    public async Task AFailedAsyncPayment_SettlesThePendingPaymentAsFailed()
    {
        await using var services = table.CreateStripeServices();
        var webhook = new Webhook(services);
        var user = await webhook.SignUpAsync(Cancel);
        var run = Run();
        var at = DateTimeOffset.UtcNow.AddSeconds(-60);
        await webhook.DeliverAsync("evt_a_" + run, "checkout.session.completed", at, StripeEvents.Checkout("cs_" + run, "payment", user.UserId, null, "unpaid"), Cancel);

        var failed = await webhook.DeliverAsync("evt_b_" + run, "checkout.session.async_payment_failed", at.AddSeconds(30), StripeEvents.Checkout("cs_" + run, "payment", user.UserId, null, "unpaid"), Cancel);
        var lateSuccess = await webhook.DeliverAsync("evt_c_" + run, "checkout.session.async_payment_succeeded", at.AddSeconds(31), StripeEvents.Checkout("cs_" + run, "payment", user.UserId, null, "paid"), Cancel);

        Assert.Equal(StripeWebhookOutcome.Applied, failed.Outcome);
        Assert.Equal(StripeWebhookOutcome.Conflict, lateSuccess.Outcome);
        Assert.Equal(PaymentStatus.Failed, (await webhook.Payments.GetByCheckoutSessionAsync("stripe", "cs_" + run, Cancel))?.Status);
        Assert.Equal(StripeWebhookOutcome.Conflict, (await webhook.RecordOfAsync("evt_c_" + run, Cancel))?.Outcome);
    }

    [Theory]
    [InlineData("never created")]
    [InlineData("deleted")]
    [InlineData("no reference")]
    public async Task AnEventForAnAccountThatDoesNotExist_IsRecordedAsOrphaned_AndWritesNoGhostPartition(string account)
    {
        await using var services = table.CreateStripeServices();
        var webhook = new Webhook(services);
        var run = Run();
        string? userId = account switch
        {
            "never created" => "ghost-" + run,
            "deleted" => (await webhook.SignUpAsync(Cancel)).UserId,
            _ => null,
        };
        if (account == "deleted")
        {
            await webhook.Users.DeleteAsync(userId!, Cancel);
        }

        var results = new[]
        {
            await webhook.DeliverAsync("evt_s_" + run, "customer.subscription.created", DateTimeOffset.UtcNow, StripeEvents.Subscription("sub_" + run, "active", "cus_" + run, userId, DateTimeOffset.UtcNow.AddDays(30)), Cancel),
            await webhook.DeliverAsync("evt_c_" + run, "checkout.session.completed", DateTimeOffset.UtcNow, StripeEvents.Checkout("cs_" + run, "payment", userId, null, "paid"), Cancel),
            await webhook.DeliverAsync("evt_i_" + run, "invoice.paid", DateTimeOffset.UtcNow, StripeEvents.Invoice("in_" + run, "sub_" + run, "cus_" + run, 2900, "paid", userId), Cancel),
        };

        Assert.All(results, r => Assert.Equal(StripeWebhookOutcome.Orphaned, r.Outcome));
        Assert.All(results, r => Assert.True(r.Acknowledged));
        Assert.Equal(
            ["STRIPEEVENT#evt_c_" + run + " | EVENT", "STRIPEEVENT#evt_i_" + run + " | EVENT", "STRIPEEVENT#evt_s_" + run + " | EVENT"],
            (await table.KeysAsync(Cancel)).Where(k => k.Contains(run, StringComparison.Ordinal) || (userId is not null && k.Contains(userId, StringComparison.Ordinal))));
        Assert.Equal(StripeWebhookOutcome.Orphaned, (await webhook.RecordOfAsync("evt_s_" + run, Cancel))?.Outcome);
    }

    [Fact]
    public async Task AnUnhandledEventType_IsAcknowledgedAndRecorded()
    {
        await using var services = table.CreateStripeServices();
        var webhook = new Webhook(services);
        var run = Run();

        var result = await webhook.DeliverAsync("evt_" + run, "payment_intent.created", DateTimeOffset.UtcNow, StripeEvents.Customer("cus_" + run, null), Cancel);
        var again = await webhook.DeliverAsync("evt_" + run, "payment_intent.created", DateTimeOffset.UtcNow, StripeEvents.Customer("cus_" + run, null), Cancel);

        Assert.Equal(StripeWebhookOutcome.Ignored, result.Outcome);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal(StripeWebhookOutcome.Duplicate, again.Outcome);
        Assert.Equal(StripeWebhookOutcome.Ignored, (await webhook.RecordOfAsync("evt_" + run, Cancel))?.Outcome);
    }

    [Fact]
    public async Task ACustomerEvent_LinksTheCustomer_SoLaterEventsFindTheUserWithoutMetadata()
    {
        await using var services = table.CreateStripeServices();
        var webhook = new Webhook(services);
        var user = await webhook.SignUpAsync(Cancel);
        var run = Run();

        var linked = await webhook.DeliverAsync("evt_c_" + run, "customer.created", DateTimeOffset.UtcNow.AddSeconds(-10), StripeEvents.Customer("cus_" + run, user.UserId), Cancel);
        var subscribed = await webhook.DeliverAsync("evt_s_" + run, "customer.subscription.created", DateTimeOffset.UtcNow,
            StripeEvents.Subscription("sub_" + run, "trialing", "cus_" + run, userId: null, DateTimeOffset.UtcNow.AddDays(14)), Cancel);

        Assert.Equal(StripeWebhookOutcome.Applied, linked.Outcome);
        Assert.Equal(StripeWebhookOutcome.Applied, subscribed.Outcome);
        Assert.Equal("cus_" + run, (await webhook.Users.GetAsync(user.UserId, consistentRead: true, Cancel))?.ProviderCustomerId);
        Assert.Equal(SubscriptionStatus.Trialing, Assert.Single(await webhook.Subscriptions.ListAsync(user.UserId, Cancel)).Status);
    }

    [Fact]
    public async Task EveryStripeSubscriptionStatus_IsStored()
    {
        await using var services = table.CreateStripeServices();
        var webhook = new Webhook(services);
        var user = await webhook.SignUpAsync(Cancel);
        var statuses = new Dictionary<string, SubscriptionStatus>
        {
            ["incomplete"] = SubscriptionStatus.Incomplete,
            ["incomplete_expired"] = SubscriptionStatus.IncompleteExpired,
            ["trialing"] = SubscriptionStatus.Trialing,
            ["active"] = SubscriptionStatus.Active,
            ["past_due"] = SubscriptionStatus.PastDue,
            ["unpaid"] = SubscriptionStatus.Unpaid,
            ["paused"] = SubscriptionStatus.Paused,
            ["canceled"] = SubscriptionStatus.Canceled,
        };

        foreach (var (name, status) in statuses)
        {
            var run = Run();
            var result = await webhook.DeliverAsync("evt_" + run, "customer.subscription.updated", DateTimeOffset.UtcNow, StripeEvents.Subscription("sub_" + name + run, name, "cus_" + run, user.UserId, DateTimeOffset.UtcNow.AddDays(30)), Cancel);
            Assert.Equal(StripeWebhookOutcome.Applied, result.Outcome);
            Assert.Equal(status, (await webhook.Subscriptions.ListAsync(user.UserId, Cancel)).Single(s => s.SubscriptionId == "sub_" + name + run).Status);
        }
    }

    /// <summary>The system clock moved by <see cref="Shift"/>.</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Shift { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Shift;
    }
}
