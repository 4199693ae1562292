namespace SaasUsers.Data.Stripe;

/// <summary>The result of processing one webhook delivery.</summary>
/// <param name="Outcome">What processing did.</param>
/// <param name="EventId">The event id, when the body was a signed event.</param>
/// <param name="EventType">The event type, when the body was a signed event.</param>
/// <param name="Detail">What happened, in words (no secret, no personal data).</param>
public sealed record StripeWebhookResult(StripeWebhookOutcome Outcome, string? EventId, string? EventType, string Detail)
{
    /// <summary>
    /// Whether Stripe should count the delivery as received (HTTP 2xx): every outcome but a refused signature or
    /// payload. An orphaned, ignored or conflicting event is acknowledged, since delivering it again cannot help.
    /// </summary>
    public bool Acknowledged => Outcome is not (StripeWebhookOutcome.InvalidSignature or StripeWebhookOutcome.InvalidPayload);

    /// <summary>The HTTP status code for the endpoint: 200 when acknowledged, else 400.</summary>
    public int StatusCode => Acknowledged ? 200 : 400;
}
