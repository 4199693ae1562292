namespace SaasUsers.Data;

/// <summary>What applying a <see cref="SubscriptionChange"/> did.</summary>
public enum SubscriptionChangeOutcome
{
    /// <summary>The change was applied (the subscription was created or updated).</summary>
    Applied,

    /// <summary>Skipped: the stored subscription comes from an event at the same time or newer.</summary>
    SkippedStale,

    /// <summary>Skipped: the stored status cannot change into the reported one (see <see cref="SubscriptionTransitions"/>).</summary>
    SkippedTransitionNotAllowed,

    /// <summary>
    /// Skipped: the account (the user or the organization) does not exist (never created, deleted, or being deleted).
    /// Nothing was written, so a late webhook cannot bring a deleted account's subscription back.
    /// </summary>
    SkippedAccountNotFound,
}

/// <summary>The result of applying a subscription change.</summary>
/// <param name="Outcome">Whether it was applied, or why not.</param>
/// <param name="Subscription">The subscription as stored after the call; <see langword="null"/> when the account was not found (<see cref="SubscriptionChangeOutcome.SkippedAccountNotFound"/>).</param>
/// <param name="Reason">Why it was skipped, in words; <see langword="null"/> when applied.</param>
public sealed record SubscriptionChangeResult(SubscriptionChangeOutcome Outcome, Subscription? Subscription, string? Reason)
{
    /// <summary>Whether the change was applied.</summary>
    public bool Applied => Outcome == SubscriptionChangeOutcome.Applied;
}
