using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SaasUsers.Data;

/// <summary>The SHA-256 of a checkout payment's payload, which tells a replay from a conflicting delivery.</summary>
internal static class PaymentPayloadHash
{
    /// <summary>Hashes the fields that make up the payment (length-prefixed, so no two payloads collide by concatenation).</summary>
    public static string Compute(NewCheckoutPayment payment)
    {
        var builder = new StringBuilder("checkout-payment/v1;");
        foreach (var part in new[]
        {
            payment.PaymentProvider, payment.CheckoutSessionId, payment.Account.StoredKind + "#" + payment.Account.Id,
            payment.Amount.AmountMinor.ToString(CultureInfo.InvariantCulture), payment.Amount.Currency,
            payment.Status.ToString(), payment.ProviderPaymentId ?? "-", payment.SubscriptionId ?? "-",
        })
        {
            builder.Append(part.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(part).Append(';');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString()))).ToLowerInvariant();
    }
}
