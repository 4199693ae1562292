using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SaasUsers.Data.AotTests;

/// <summary>A real-format Stripe event (an older API version's, which Stripe.net would refuse) and Stripe's signature.</summary>
internal static class StripeCheck
{
    public const string Secret = "whsec_aot_check_secret";

    public static byte[] SubscriptionEvent(string eventId, string userId, DateTimeOffset created) =>
        SubscriptionEvent(eventId, "sub_aot", $$"""{"user_id":"{{userId}}"}""", 1, created);

    /// <summary>A subscription event whose metadata is <paramref name="metadataJson"/> and whose item has <paramref name="quantity"/> seats.</summary>
    public static byte[] SubscriptionEvent(string eventId, string subscriptionId, string metadataJson, int quantity, DateTimeOffset created)
    {
        var t = created.ToUnixTimeSeconds();
        var json = $$$"""
            {"id":"{{{eventId}}}","object":"event","api_version":"2025-03-31.basil","created":{{{t}}},"livemode":false,"pending_webhooks":1,
             "type":"customer.subscription.updated","data":{"object":{"id":"{{{subscriptionId}}}","object":"subscription","status":"past_due",
             "customer":"cus_{{{subscriptionId}}}","metadata":{{{metadataJson}}},"cancel_at_period_end":false,"items":{"object":"list","data":[
             {"id":"si_aot","object":"subscription_item","quantity":{{{quantity}}},"current_period_end":{{{t + 2592000}}},"price":{"id":"price_aot","object":"price",
             "product":"prod_aot","unit_amount":900,"currency":"eur","recurring":{"interval":"month","interval_count":1} } } ] } } } }
            """;
        return Encoding.UTF8.GetBytes(json);
    }

    /// <summary>A one-off checkout of 50.00 EUR paid with payment intent <c>pi_{sessionId}</c>, for <paramref name="clientReferenceId"/>.</summary>
    public static byte[] CheckoutEvent(string eventId, string sessionId, string clientReferenceId, DateTimeOffset created) => Encoding.UTF8.GetBytes($$$"""
        {"id":"{{{eventId}}}","object":"event","api_version":"2025-03-31.basil","created":{{{created.ToUnixTimeSeconds()}}},"livemode":false,
         "type":"checkout.session.completed","data":{"object":{"id":"{{{sessionId}}}","object":"checkout.session","mode":"payment",
         "client_reference_id":"{{{clientReferenceId}}}","customer":null,"metadata":{},"payment_status":"paid","amount_total":5000,
         "currency":"eur","payment_intent":"pi_{{{sessionId}}}","status":"complete"} } }
        """);

    /// <summary><c>charge.refunded</c> of the payment intent <c>pi_{sessionId}</c>, with <paramref name="amountRefunded"/> refunded in all.</summary>
    public static byte[] RefundEvent(string eventId, string sessionId, long amountRefunded, DateTimeOffset created) => Encoding.UTF8.GetBytes($$$"""
        {"id":"{{{eventId}}}","object":"event","api_version":"2025-03-31.basil","created":{{{created.ToUnixTimeSeconds()}}},"livemode":false,
         "type":"charge.refunded","data":{"object":{"id":"ch_{{{sessionId}}}","object":"charge","amount":5000,"amount_refunded":{{{amountRefunded}}},
         "currency":"eur","payment_intent":"pi_{{{sessionId}}}","refunded":false,"status":"succeeded"} } }
        """);

    public static string Sign(byte[] payload, string secret)
    {
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.UTF8.GetBytes(t + ".").Concat(payload).ToArray();
        return "t=" + t + ",v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
