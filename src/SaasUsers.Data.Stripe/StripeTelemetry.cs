namespace SaasUsers.Data.Stripe;

/// <summary>The metric the Stripe package reports, on the <see cref="SaasUsersTelemetry.Name"/> meter.</summary>
public static class StripeTelemetry
{
    /// <summary>
    /// Counter of webhook deliveries processed, tagged <c>stripe.event_type</c> and <c>saasusers.outcome</c>
    /// (<c>applied</c>, <c>no_change</c>, <c>duplicate</c>, <c>orphaned</c>, <c>ignored</c>, <c>conflict</c>,
    /// <c>invalid_signature</c>, <c>invalid_payload</c>).
    /// </summary>
    public const string EventsMetric = "saasusers.stripe.events";
}
