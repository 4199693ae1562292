using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SaasUsers.Data.AotTests;

/// <summary>A real-format Stripe event (an older API version's, which Stripe.net would refuse) and Stripe's signature.</summary>
internal static class StripeCheck
{
    public const string Secret = "whsec_aot_check_secret";

    public static byte[] SubscriptionEvent(string eventId, string userId, DateTimeOffset created)
    {
        var t = created.ToUnixTimeSeconds();
        var json = $$$"""
            {"id":"{{{eventId}}}","object":"event","api_version":"2025-03-31.basil","created":{{{t}}},"livemode":false,"pending_webhooks":1,
             "type":"customer.subscription.updated","data":{"object":{"id":"sub_aot","object":"subscription","status":"past_due",
             "customer":"cus_aot","metadata":{"user_id":"{{{userId}}}"},"cancel_at_period_end":false,"items":{"object":"list","data":[
             {"id":"si_aot","object":"subscription_item","current_period_end":{{{t + 2592000}}},"price":{"id":"price_aot","object":"price",
             "product":"prod_aot","unit_amount":900,"currency":"eur","recurring":{"interval":"month","interval_count":1} } } ] } } } }
            """;
        return Encoding.UTF8.GetBytes(json);
    }

    public static string Sign(byte[] payload, string secret)
    {
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.UTF8.GetBytes(t + ".").Concat(payload).ToArray();
        return "t=" + t + ",v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
