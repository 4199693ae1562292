using Microsoft.Extensions.Logging;

namespace SaasUsers.Data.Stripe.Telemetry;

/// <summary>
/// The Stripe package's log messages, generated at compile time. A message names event ids, event types, user ids
/// and outcomes, never a secret, a signature, the payload or its personal data (e-mail addresses, names).
/// </summary>
internal static partial class StripeLog
{
    [LoggerMessage(EventId = 7001, EventName = "StripeSignatureRefused", Level = LogLevel.Warning,
        Message = "A Stripe webhook was refused: the signature is {Check}; nothing was written.")]
    public static partial void SignatureRefused(ILogger logger, string check);

    [LoggerMessage(EventId = 7002, EventName = "StripePayloadRefused", Level = LogLevel.Warning,
        Message = "A signed Stripe webhook was refused: {Reason}; nothing was written.")]
    public static partial void PayloadRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 7003, EventName = "StripeEventProcessed", Level = LogLevel.Information,
        Message = "Stripe event {EventId} ({EventType}): {Outcome}. {Detail}")]
    public static partial void Processed(ILogger logger, string eventId, string eventType, StripeWebhookOutcome outcome, string detail);

    [LoggerMessage(EventId = 7004, EventName = "StripeEventOrphaned", Level = LogLevel.Warning,
        Message = "Stripe event {EventId} ({EventType}) names no existing account and was recorded as orphaned: {Detail}")]
    public static partial void Orphaned(ILogger logger, string eventId, string eventType, string detail);

    [LoggerMessage(EventId = 7005, EventName = "StripeEventConflict", Level = LogLevel.Warning,
        Message = "Stripe event {EventId} ({EventType}) contradicts the stored state and was recorded without effect: {Detail}")]
    public static partial void Conflict(ILogger logger, string eventId, string eventType, string detail);

    [LoggerMessage(EventId = 7006, EventName = "StripeEventIgnored", Level = LogLevel.Information,
        Message = "Stripe event {EventId} of type {EventType} is not handled; acknowledged and recorded.")]
    public static partial void Ignored(ILogger logger, string eventId, string eventType);
}
