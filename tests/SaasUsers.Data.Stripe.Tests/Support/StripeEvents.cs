using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Stripe;
using Stripe.Checkout;

namespace SaasUsers.Data.Stripe.Tests.Support;

/// <summary>
/// Real-format Stripe events: Stripe.net's own types serialized by Stripe.net (the documented envelope, every field
/// of the API version it pins), and signed with Stripe's scheme.
/// </summary>
public static class StripeEvents
{
    public const string Secret = "whsec_test_7f1c2a9e4b6d8f0a1c3e5b7d9f1a3c5e";

    public static string Envelope(string eventId, string type, DateTimeOffset created, IHasObject data) =>
        new Event
        {
            Id = eventId,
            Object = "event",
            Type = type,
            Created = created.UtcDateTime,
            ApiVersion = StripeConfiguration.ApiVersion,
            Livemode = false,
            PendingWebhooks = 1,
            Data = new EventData { Object = data },
        }.ToJson();

    /// <summary>The <c>Stripe-Signature</c> header Stripe sends: <c>t=...,v1=hex(HMAC-SHA256(secret, "t.payload"))</c>.</summary>
    public static string Sign(string payload, DateTimeOffset at, params string[] secrets)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signatures = (secrets.Length == 0 ? [Secret] : secrets)
            .Select(secret => "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(t + "." + payload))));
        return "t=" + t + "," + string.Join(",", signatures);
    }

    /// <summary>The metadata an application puts on Stripe objects: the user's id and, for a team's purchase, the organization's.</summary>
    public static Dictionary<string, string> Metadata(string? userId, string? organizationId = null)
    {
        var metadata = new Dictionary<string, string>();
        if (userId is not null)
        {
            metadata["user_id"] = userId;
        }

        if (organizationId is not null)
        {
            metadata["organization_id"] = organizationId;
        }

        return metadata;
    }

    public static global::Stripe.Subscription Subscription(string id, string status, string customerId, string? userId, DateTimeOffset periodEnd, long unitAmount = 2900, string interval = "month", string? organizationId = null, long quantity = 1) => new()
    {
        Id = id,
        Object = "subscription",
        Status = status,
        CustomerId = customerId,
        Metadata = Metadata(userId, organizationId),
        CancelAtPeriodEnd = false,
        Items = new StripeList<SubscriptionItem>
        {
            Object = "list",
            Data =
            [
                new SubscriptionItem
                {
                    Id = "si_" + id,
                    Object = "subscription_item",
                    CurrentPeriodEnd = periodEnd.UtcDateTime,
                    Quantity = quantity,
                    Price = new Price
                    {
                        Id = "price_pro_" + interval,
                        Object = "price",
                        ProductId = "prod_pro",
                        UnitAmount = unitAmount,
                        Currency = "eur",
                        Recurring = new PriceRecurring { Interval = interval, IntervalCount = 1 },
                    },
                },
            ],
        },
    };

    public static Session Checkout(string id, string mode, string? clientReferenceId, string? customerId, string paymentStatus, long amountTotal = 2900, string? subscriptionId = null, Dictionary<string, string>? metadata = null) => new()
    {
        Id = id,
        Object = "checkout.session",
        Mode = mode,
        Status = "complete",
        ClientReferenceId = clientReferenceId,
        CustomerId = customerId,
        PaymentStatus = paymentStatus,
        AmountTotal = amountTotal,
        Currency = "eur",
        PaymentIntentId = mode == "payment" ? "pi_" + id : null,
        SubscriptionId = subscriptionId,
        Metadata = metadata ?? [],
    };

    /// <summary>An invoice of a subscription; Stripe copies the subscription's metadata (the user id) into its parent details.</summary>
    public static Invoice Invoice(string id, string subscriptionId, string customerId, long amountDue, string status, string? userId = null, string? organizationId = null) => new()
    {
        Id = id,
        Object = "invoice",
        CustomerId = customerId,
        AmountDue = amountDue,
        Currency = "eur",
        Status = status,
        BillingReason = "subscription_cycle",
        Parent = new InvoiceParent
        {
            Type = "subscription_details",
            SubscriptionDetails = new InvoiceParentSubscriptionDetails { SubscriptionId = subscriptionId, Metadata = Metadata(userId, organizationId) },
        },
        Metadata = [],
    };

    public static Customer Customer(string id, string? userId, string? organizationId = null) => new()
    {
        Id = id,
        Object = "customer",
        Metadata = Metadata(userId, organizationId),
    };

    /// <summary>A card charge of a payment intent, with its cumulative refunded amount (what <c>charge.refunded</c> carries).</summary>
    public static Charge Charge(string id, string paymentIntentId, long amount, long amountRefunded) => new()
    {
        Id = id,
        Object = "charge",
        Amount = amount,
        AmountCaptured = amount,
        AmountRefunded = amountRefunded,
        Currency = "eur",
        Paid = true,
        Captured = true,
        Refunded = amountRefunded >= amount,
        Status = "succeeded",
        PaymentIntentId = paymentIntentId,
        Metadata = [],
    };
}
