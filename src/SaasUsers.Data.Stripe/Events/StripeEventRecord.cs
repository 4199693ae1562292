namespace SaasUsers.Data.Stripe.Events;

/// <summary>
/// The record of a processed Stripe event, in a partition of its own: created (<c>attribute_not_exists</c>) in the
/// same transaction as the event's effect, or alone when the event has none, so a second delivery of the event id
/// (concurrent, or days later) finds it and changes nothing. Expires by time to live after
/// <see cref="StripeWebhookOptions.EventRetention"/>. Not owned by the account: deleting a user or an organization keeps the
/// records of its events until they expire, so a late delivery for the deleted account is still a duplicate.
/// </summary>
[DynamoEntity("STRIPEEVENT#{EventId}", "EVENT", EntityType = "StripeEvent")]
internal sealed partial record StripeEventRecord
{
    public required string EventId { get; init; }

    public required string EventType { get; init; }

    /// <summary>Stripe's <c>created</c> of the event.</summary>
    public required DateTimeOffset EventAt { get; init; }

    public bool Livemode { get; init; }

    public required StripeWebhookOutcome Outcome { get; init; }

    /// <summary>The kind of billing account the event applied to (<see cref="BillingAccount.StoredKind"/>: <c>USER</c> or <c>ORG</c>), when one was found.</summary>
    public string? AccountKind { get; init; }

    /// <summary>The id of the user or organization the event applied to, when one was found.</summary>
    public string? AccountId { get; init; }

    /// <summary>What happened, in words (no personal data).</summary>
    public string? Detail { get; init; }

    public required DateTimeOffset ProcessedAt { get; init; }

    [DynamoTimeToLive]
    public required DateTimeOffset ExpiresAt { get; init; }
}
