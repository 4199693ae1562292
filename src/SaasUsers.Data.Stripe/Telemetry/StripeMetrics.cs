using System.Diagnostics.Metrics;

namespace SaasUsers.Data.Stripe.Telemetry;

/// <summary>
/// The counter of processed webhook deliveries, on a meter named <see cref="SaasUsersTelemetry.Name"/> like the core
/// package's, so <c>metrics.AddMeter("SaasUsers.Data")</c> collects it too.
/// </summary>
internal static class StripeMetrics
{
    private static readonly Meter Meter = new(SaasUsersTelemetry.Name);

    private static readonly Counter<long> Events = Meter.CreateCounter<long>(
        StripeTelemetry.EventsMetric, unit: "{event}", description: "Stripe webhook deliveries processed, by event type and outcome.");

    public static void Count(string? eventType, StripeWebhookOutcome outcome) =>
        Events.Add(1, new KeyValuePair<string, object?>("stripe.event_type", eventType ?? "unknown"), new KeyValuePair<string, object?>("saasusers.outcome", OutcomeName(outcome)));

    private static string OutcomeName(StripeWebhookOutcome outcome) => outcome switch
    {
        StripeWebhookOutcome.Applied => "applied",
        StripeWebhookOutcome.NoChange => "no_change",
        StripeWebhookOutcome.Duplicate => "duplicate",
        StripeWebhookOutcome.Orphaned => "orphaned",
        StripeWebhookOutcome.Ignored => "ignored",
        StripeWebhookOutcome.Conflict => "conflict",
        StripeWebhookOutcome.InvalidSignature => "invalid_signature",
        _ => "invalid_payload",
    };
}
