using SaasUsers.Data.Stripe.Tests.Support;
using SaasUsers.Data.Testing;

namespace SaasUsers.Data.Stripe.Tests;

/// <summary>The DynamoDB requests each event type costs, as docs/table-design.md lists them.</summary>
public sealed class RequestCountTests(StripeTableFixture table) : IClassFixture<StripeTableFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Describe(DynamoDbRequestLog log) => string.Join(", ", log.Operations);

    /// <summary>Delivers each case in turn and checks the requests it sent, all cases in one assertion.</summary>
    private static async Task AssertRequestsAsync(DynamoDbRequestLog log, (string Name, Func<Task<StripeWebhookResult>> Deliver, string Requests)[] cases)
    {
        var measured = new List<string>();
        foreach (var (name, deliver, _) in cases)
        {
            log.Clear();
            var result = await deliver();
            measured.Add($"{name}: {Describe(log)} ({result.Outcome})");
        }

        Assert.Equal(cases.Select(c => $"{c.Name}: {c.Requests}").ToArray(), measured.ToArray());
    }

    [Fact]
    public async Task EachEventType_SendsTheDocumentedRequests()
    {
        var log = new DynamoDbRequestLog();
        await using var services = table.CreateStripeServices(log);
        var webhook = new Webhook(services);
        var user = await webhook.SignUpAsync(Cancel);
        var run = Guid.NewGuid().ToString("N")[..10];
        var (sub, cus) = ("sub_" + run, "cus_" + run);
        var t = DateTimeOffset.UtcNow.AddSeconds(-30);
        var cases = new (string Name, Func<Task<StripeWebhookResult>> Deliver, string Requests)[]
        {
            ("customer.created (metadata names the user)", () => webhook.DeliverAsync("evt_1" + run, "customer.created", t, StripeEvents.Customer(cus, user.UserId), Cancel),
                "TransactWriteItems (Applied)"),
            ("checkout.session.completed, subscription mode", () => webhook.DeliverAsync("evt_2" + run, "checkout.session.completed", t, StripeEvents.Checkout("cs_s" + run, "subscription", user.UserId, cus, "paid", subscriptionId: sub), Cancel),
                "TransactWriteItems (Applied)"),
            ("checkout.session.completed, payment mode", () => webhook.DeliverAsync("evt_3" + run, "checkout.session.completed", t, StripeEvents.Checkout("cs_p" + run, "payment", user.UserId, null, "unpaid"), Cancel),
                "TransactWriteItems (Applied)"),
            ("checkout.session.async_payment_succeeded (settles)", () => webhook.DeliverAsync("evt_4" + run, "checkout.session.async_payment_succeeded", t.AddSeconds(1), StripeEvents.Checkout("cs_p" + run, "payment", user.UserId, null, "paid"), Cancel),
                "TransactWriteItems, TransactWriteItems (Applied)"),
            ("charge.refunded (part of the payment: the payment intent's link, the checkout record, then one transaction)", () => webhook.DeliverAsync("evt_r1" + run, "charge.refunded", t.AddSeconds(2), StripeEvents.Charge("ch_" + run, "pi_cs_p" + run, 2900, 1000), Cancel),
                "GetItem, GetItem, TransactWriteItems (Applied)"),
            ("charge.refunded, a smaller total than stored (no change)", () => webhook.DeliverAsync("evt_r0" + run, "charge.refunded", t.AddSeconds(1), StripeEvents.Charge("ch_" + run, "pi_cs_p" + run, 2900, 500), Cancel),
                "GetItem, GetItem, PutItem (NoChange)"),
            ("customer.subscription.created (metadata names the user)", () => webhook.DeliverAsync("evt_5" + run, "customer.subscription.created", t, StripeEvents.Subscription(sub, "active", cus, user.UserId, t.AddDays(30)), Cancel),
                "TransactWriteItems, GetItem (Applied)"),
            ("customer.subscription.updated (no metadata: found by subscription id)", () => webhook.DeliverAsync("evt_6" + run, "customer.subscription.updated", t.AddSeconds(2), StripeEvents.Subscription(sub, "active", cus, null, t.AddDays(30)), Cancel),
                "Query, TransactWriteItems, GetItem (Applied)"),
            ("customer.subscription.updated, older than stored (no change)", () => webhook.DeliverAsync("evt_7" + run, "customer.subscription.updated", t.AddSeconds(1), StripeEvents.Subscription(sub, "past_due", cus, user.UserId, t.AddDays(30)), Cancel),
                "TransactWriteItems, PutItem (NoChange)"),
            ("invoice.payment_failed (payment and status in one transaction)", () => webhook.DeliverAsync("evt_8" + run, "invoice.payment_failed", t.AddSeconds(3), StripeEvents.Invoice("in_" + run, sub, cus, 2900, "open", user.UserId), Cancel),
                "Query, TransactWriteItems (Applied)"),
            ("invoice.paid (settles the failed attempt)", () => webhook.DeliverAsync("evt_9" + run, "invoice.paid", t.AddSeconds(4), StripeEvents.Invoice("in_" + run, sub, cus, 2900, "paid", user.UserId), Cancel),
                "Query, TransactWriteItems, TransactWriteItems, TransactWriteItems, GetItem (Applied)"),
            ("a duplicate (customer.subscription.created again)", () => webhook.DeliverAsync("evt_5" + run, "customer.subscription.created", t, StripeEvents.Subscription(sub, "active", cus, user.UserId, t.AddDays(30)), Cancel),
                "TransactWriteItems (Duplicate)"),
            ("an unhandled type", () => webhook.DeliverAsync("evt_10" + run, "charge.succeeded", t, StripeEvents.Customer(cus, null), Cancel),
                "PutItem (Ignored)"),
            ("an orphan (customer.subscription.created for no user)", () => webhook.DeliverAsync("evt_11" + run, "customer.subscription.created", t, StripeEvents.Subscription("sub_x" + run, "active", "cus_x" + run, null, t.AddDays(30)), Cancel),
                "Query, Query, PutItem (Orphaned)"),
        };

        await AssertRequestsAsync(log, cases);
    }

    [Fact]
    public async Task OrganizationEvents_SendTheDocumentedRequests()
    {
        var log = new DynamoDbRequestLog();
        await using var services = table.CreateStripeServices(log);
        var webhook = new Webhook(services);
        var (_, organization) = await webhook.CreateOrganizationAsync(1, Cancel);
        var (_, deleted) = await webhook.CreateOrganizationAsync(1, Cancel);
        await webhook.Organizations.DeleteAsync(deleted.OrganizationId, Cancel);
        var id = organization.OrganizationId;
        var run = Guid.NewGuid().ToString("N")[..10];
        var (sub, cus) = ("sub_" + run, "cus_" + run);
        var t = DateTimeOffset.UtcNow.AddSeconds(-30);
        var reference = StripeClientReference.For(BillingAccount.ForOrganization(id));
        var cases = new (string Name, Func<Task<StripeWebhookResult>> Deliver, string Requests)[]
        {
            ("customer.created (metadata names the organization)", () => webhook.DeliverAsync("evt_1" + run, "customer.created", t, StripeEvents.Customer(cus, null, id), Cancel),
                "TransactWriteItems (Applied)"),
            ("checkout.session.completed, payment mode (client reference org_)", () => webhook.DeliverAsync("evt_2" + run, "checkout.session.completed", t, StripeEvents.Checkout("cs_p" + run, "payment", reference, null, "paid"), Cancel),
                "TransactWriteItems (Applied)"),
            ("customer.subscription.created (metadata names the organization; seats)", () => webhook.DeliverAsync("evt_3" + run, "customer.subscription.created", t, StripeEvents.Subscription(sub, "active", cus, null, t.AddDays(30), organizationId: id, quantity: 5), Cancel),
                "TransactWriteItems, GetItem (Applied)"),
            ("customer.subscription.updated (no metadata: found by subscription id)", () => webhook.DeliverAsync("evt_4" + run, "customer.subscription.updated", t.AddSeconds(1), StripeEvents.Subscription(sub, "active", cus, null, t.AddDays(30), quantity: 6), Cancel),
                "Query, TransactWriteItems, GetItem (Applied)"),
            ("invoice.paid (found by subscription id)", () => webhook.DeliverAsync("evt_5" + run, "invoice.paid", t.AddSeconds(2), StripeEvents.Invoice("in_" + run, sub, cus, 7200, "paid"), Cancel),
                "Query, TransactWriteItems (Applied)"),
            ("an orphan (customer.subscription.created for a deleted organization)", () => webhook.DeliverAsync("evt_6" + run, "customer.subscription.created", t, StripeEvents.Subscription("sub_x" + run, "active", "cus_x" + run, null, t.AddDays(30), organizationId: deleted.OrganizationId, quantity: 5), Cancel),
                "TransactWriteItems, PutItem (Orphaned)"),
        };

        await AssertRequestsAsync(log, cases);
        Assert.Equal(6, (await webhook.Organizations.GetAsync(id, consistentRead: true, Cancel))!.SeatCount);
    }
}
