namespace SaasUsers.Data.Stripe;

/// <summary>What processing a Stripe webhook delivery did.</summary>
public enum StripeWebhookOutcome
{
    /// <summary>The event's effect was written (with its event record, in one transaction).</summary>
    Applied,

    /// <summary>
    /// The event was recorded but changed nothing: the stored state comes from a newer event, the status change is not
    /// allowed, or the payment was recorded already.
    /// </summary>
    NoChange,

    /// <summary>This event id was processed before; nothing was written.</summary>
    Duplicate,

    /// <summary>The event names no account that exists (never created, or deleted): recorded, logged and counted, nothing else written.</summary>
    Orphaned,

    /// <summary>An event type the processor does not handle, or an event with nothing to apply: recorded and acknowledged.</summary>
    Ignored,

    /// <summary>The event contradicts what is stored (a settled payment reported with another status): recorded and logged, nothing else written.</summary>
    Conflict,

    /// <summary>The signature is missing, malformed, forged or outside the tolerance: nothing was read or written.</summary>
    InvalidSignature,

    /// <summary>The body is signed but is not a Stripe event: nothing was written.</summary>
    InvalidPayload,
}
