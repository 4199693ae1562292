using System.Text;
using System.Text.Json;
using SaasUsers.Data.Stripe.Events;
using SaasUsers.Data.Stripe.Tests.Support;
using Stripe;
using Stripe.Checkout;

namespace SaasUsers.Data.Stripe.Tests;

/// <summary>
/// Our source-generated reading of events against Stripe.net's <c>ParseEvent</c> on the same payloads (JIT), and our
/// reading of shapes of other API versions, which Stripe.net refuses or no longer maps.
/// </summary>
public sealed class EventModelTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1_790_000_000);

    private static (Event Theirs, T Ours, StripeEventEnvelope Envelope) Both<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var theirs = EventUtility.ParseEvent(json);
        var envelope = JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(json), StripeJsonContext.Default.StripeEventEnvelope)!;
        return (theirs, envelope.Data!.Object.Deserialize(type)!, envelope);
    }

    [Fact]
    public void Envelope_ReadsWhatStripeNetReads()
    {
        var json = StripeEvents.Envelope("evt_env", "customer.created", At, StripeEvents.Customer("cus_1", "u-1"));

        var (theirs, _, envelope) = Both(json, StripeJsonContext.Default.StripeCustomer);

        Assert.Equal(theirs.Id, envelope.Id);
        Assert.Equal(theirs.Type, envelope.Type);
        Assert.Equal(new DateTimeOffset(theirs.Created, TimeSpan.Zero).ToUnixTimeSeconds(), envelope.Created);
        Assert.Equal(theirs.ApiVersion, envelope.ApiVersion);
        Assert.Equal(theirs.Livemode, envelope.Livemode);
        Assert.Equal("event", envelope.Object);
    }

    [Fact]
    public void Subscription_ReadsWhatStripeNetReads()
    {
        var json = StripeEvents.Envelope("evt_sub", "customer.subscription.updated", At,
            StripeEvents.Subscription("sub_1", "past_due", "cus_1", "u-1", At.AddDays(30), unitAmount: 29900, interval: "year", organizationId: "org-1", quantity: 12));

        var (theirs, ours, _) = Both(json, StripeJsonContext.Default.StripeSubscription);

        var subscription = Assert.IsType<global::Stripe.Subscription>(theirs.Data.Object);
        var item = subscription.Items.Data[0];
        Assert.Equal(subscription.Id, ours.Id);
        Assert.Equal(subscription.Status, ours.Status);
        Assert.Equal(subscription.CustomerId, ours.Customer);
        Assert.Equal(subscription.Metadata["user_id"], ours.Metadata!["user_id"]);
        Assert.Equal(subscription.Metadata["organization_id"], ours.Metadata["organization_id"]);
        Assert.Equal(subscription.CancelAtPeriodEnd, ours.CancelAtPeriodEnd);
        var ourItem = Assert.Single(ours.Items!.Data!);
        Assert.Equal(new DateTimeOffset(item.CurrentPeriodEnd, TimeSpan.Zero).ToUnixTimeSeconds(), ourItem.CurrentPeriodEnd);
        Assert.Equal(12, item.Quantity);
        Assert.Equal(item.Quantity, ourItem.Quantity);
        Assert.Equal(item.Price.Id, ourItem.Price!.Id);
        Assert.Equal(item.Price.ProductId, ourItem.Price.Product);
        Assert.Equal(item.Price.UnitAmount, ourItem.Price.UnitAmount);
        Assert.Equal(item.Price.Currency, ourItem.Price.Currency);
        Assert.Equal(item.Price.Recurring.Interval, ourItem.Price.Recurring!.Interval);
        Assert.Equal(item.Price.Recurring.IntervalCount, ourItem.Price.Recurring.IntervalCount);
    }

    [Fact]
    public void Charge_ReadsWhatStripeNetReads()
    {
        var json = StripeEvents.Envelope("evt_ch", "charge.refunded", At, StripeEvents.Charge("ch_1", "pi_1", 10000, 2500));

        var (theirs, ours, _) = Both(json, StripeJsonContext.Default.StripeCharge);

        var charge = Assert.IsType<Charge>(theirs.Data.Object);
        Assert.Equal(charge.Id, ours.Id);
        Assert.Equal(charge.PaymentIntentId, ours.PaymentIntent);
        Assert.Equal(charge.Amount, ours.Amount);
        Assert.Equal(2500, charge.AmountRefunded);
        Assert.Equal(charge.AmountRefunded, ours.AmountRefunded);
        Assert.Equal(charge.Currency, ours.Currency);
        Assert.Equal(charge.Refunded, ours.Refunded);
    }

    [Fact]
    public void CheckoutSession_ReadsWhatStripeNetReads()
    {
        var json = StripeEvents.Envelope("evt_cs", "checkout.session.completed", At,
            StripeEvents.Checkout("cs_1", "payment", "u-1", "cus_1", "unpaid", amountTotal: 4900));

        var (theirs, ours, _) = Both(json, StripeJsonContext.Default.StripeCheckoutSession);

        var session = Assert.IsType<Session>(theirs.Data.Object);
        Assert.Equal(session.Id, ours.Id);
        Assert.Equal(session.Mode, ours.Mode);
        Assert.Equal(session.ClientReferenceId, ours.ClientReferenceId);
        Assert.Equal(session.CustomerId, ours.Customer);
        Assert.Equal(session.PaymentStatus, ours.PaymentStatus);
        Assert.Equal(session.AmountTotal, ours.AmountTotal);
        Assert.Equal(session.Currency, ours.Currency);
        Assert.Equal(session.PaymentIntentId, ours.PaymentIntent);
        Assert.Equal(session.SubscriptionId, ours.Subscription);
    }

    [Fact]
    public void Invoice_ReadsWhatStripeNetReads()
    {
        var json = StripeEvents.Envelope("evt_in", "invoice.payment_failed", At, StripeEvents.Invoice("in_1", "sub_1", "cus_1", 2900, "open"));

        var (theirs, ours, _) = Both(json, StripeJsonContext.Default.StripeInvoice);

        var invoice = Assert.IsType<Invoice>(theirs.Data.Object);
        Assert.Equal(invoice.Id, ours.Id);
        Assert.Equal(invoice.CustomerId, ours.Customer);
        Assert.Equal(invoice.Parent.SubscriptionDetails.SubscriptionId, ours.SubscriptionId);
        Assert.Equal(invoice.AmountDue, ours.AmountDue);
        Assert.Equal(invoice.Currency, ours.Currency);
    }

    [Fact]
    public void Customer_ReadsWhatStripeNetReads()
    {
        var json = StripeEvents.Envelope("evt_cus", "customer.updated", At, StripeEvents.Customer("cus_1", "u-1"));

        var (theirs, ours, _) = Both(json, StripeJsonContext.Default.StripeCustomer);

        var customer = Assert.IsType<Customer>(theirs.Data.Object);
        Assert.Equal(customer.Id, ours.Id);
        Assert.Equal(customer.Metadata["user_id"], ours.Metadata!["user_id"]);
    }

    [Fact]
    public void AnEventOfAnotherApiVersion_StripeNetRefuses_WeRead()
    {
        // An account pinned to an older API version: Stripe.net refuses the event unless told not to; we read it.
        var json = StripeEvents.Envelope("evt_old", "customer.created", At, StripeEvents.Customer("cus_1", "u-1"))
            .Replace(StripeConfiguration.ApiVersion, "2024-06-20", StringComparison.Ordinal);

        Assert.Throws<StripeException>(() => EventUtility.ParseEvent(json));
        var envelope = JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(json), StripeJsonContext.Default.StripeEventEnvelope)!;
        Assert.Equal("2024-06-20", envelope.ApiVersion);
        Assert.Equal("cus_1", envelope.Data!.Object.Deserialize(StripeJsonContext.Default.StripeCustomer)!.Id);
    }

    [Fact]
    public void ShapesOfOlderApiVersions_AreRead()
    {
        // Before 2025-03-31.basil: the period end on the subscription, the invoice's subscription at the top, plans;
        // and fields expanded into objects where an id is usual.
        const string subscription = """
            {"id":"sub_old","object":"subscription","status":"active","customer":{"id":"cus_old","object":"customer"},
             "current_period_end":1790086400,"cancel_at_period_end":true,"metadata":{"user_id":"u-9"},
             "items":{"object":"list","data":[{"id":"si_1","price":{"id":"price_1","product":{"id":"prod_old","object":"product"},"unit_amount":900,"currency":"usd","recurring":{"interval":"month","interval_count":1}},"plan":{"id":"price_1"}}]},
             "a_field_of_a_future_version":{"nested":[1,2,3]}}
            """;
        const string invoice = """
            {"id":"in_old","object":"invoice","customer":"cus_old","subscription":"sub_old","amount_due":900,"currency":"usd",
             "subscription_details":{"metadata":{"user_id":"u-9"}}}
            """;

        var ours = JsonSerializer.Deserialize(subscription, StripeJsonContext.Default.StripeSubscription)!;
        var ourInvoice = JsonSerializer.Deserialize(invoice, StripeJsonContext.Default.StripeInvoice)!;

        Assert.Equal("cus_old", ours.Customer);
        Assert.Equal(1790086400, ours.CurrentPeriodEnd);
        Assert.True(ours.CancelAtPeriodEnd);
        Assert.Equal("prod_old", ours.Items!.Data![0].Price!.Product);
        Assert.Equal("sub_old", ourInvoice.SubscriptionId);
        Assert.Equal("u-9", ourInvoice.SubscriptionMetadata!["user_id"]);
    }
}
