using SaasUsers.Data.Validation;

namespace SaasUsers.Data;

/// <summary>
/// The conditional upsert that applies a <see cref="SubscriptionChange"/>: it writes the whole reported state
/// when no subscription is stored, or when the stored one comes from an older event and may change into the
/// reported status. Used alone (webhooks) and inside the checkout payment transaction.
/// </summary>
/// <remarks>Written with the public <see cref="UpdateBuilder{T}"/>: every reported attribute is set (absent ones
/// removed, which takes the subscription out of a sparse index), the creation time is kept from the first write,
/// the version is bumped by the builder, and the condition applies to a stored subscription only.</remarks>
internal sealed class SubscriptionUpsert
{
    private readonly Subscription _reported;

    /// <summary>The most seats a subscription may report.</summary>
    public const int MaxSeats = 1_000_000;

    private SubscriptionUpsert(SubscriptionChange change, BillingAccount account, Subscription reported)
    {
        Change = change;
        Account = account;
        _reported = reported;
        Key = Subscription.Mapper.GetKey(reported);
    }

    public SubscriptionChange Change { get; }

    /// <summary>The account the subscription belongs to.</summary>
    public BillingAccount Account { get; }

    /// <summary>The seats the change reports, if any.</summary>
    public int? Seats => _reported.Seats;

    public PrimaryKey Key { get; }

    /// <summary>Validates the change and renders the upsert.</summary>
    public static SubscriptionUpsert Create(SubscriptionChange change, DateTimeOffset now, string paramName)
    {
        ArgumentNullException.ThrowIfNull(change, paramName);
        var account = change.Account;
        if (change.Seats is < 0 or > MaxSeats)
        {
            throw new ArgumentOutOfRangeException(nameof(change.Seats), change.Seats, $"'{nameof(change.Seats)}' must be from 0 to {MaxSeats}.");
        }

        var reported = new Subscription
        {
            AccountKind = account.StoredKind,
            AccountId = account.Id,
            Seats = change.Seats,
            SubscriptionId = InputRules.Id(change.SubscriptionId, nameof(change.SubscriptionId)),
            PaymentProvider = InputRules.Provider(change.PaymentProvider, nameof(change.PaymentProvider)),
            PlanId = InputRules.Id(change.PlanId, nameof(change.PlanId)),
            PriceId = change.PriceId is null ? null : InputRules.Id(change.PriceId, nameof(change.PriceId)),
            Price = change.Price is null ? null : new Money(
                InputRules.Amount(change.Price.AmountMinor, nameof(change.Price) + "." + nameof(Money.AmountMinor)),
                InputRules.Currency(change.Price.Currency, nameof(change.Price) + "." + nameof(Money.Currency))),
            PriceInterval = InputRules.Defined(change.PriceInterval, nameof(change.PriceInterval)),
            Status = InputRules.Defined(change.Status, nameof(change.Status)),
            CurrentPeriodEnd = change.CurrentPeriodEnd,
            CancelAtPeriodEnd = change.CancelAtPeriodEnd,
            ProviderSubscriptionId = change.ProviderSubscriptionId is null ? null : InputRules.Id(change.ProviderSubscriptionId, nameof(change.ProviderSubscriptionId)),
            ProviderCustomerId = change.ProviderCustomerId is null ? null : InputRules.Id(change.ProviderCustomerId, nameof(change.ProviderCustomerId)),
            LastEventAt = InputRules.Timestamp(change.EventAt, nameof(change.EventAt)),
            CreatedAt = now,
            UpdatedAt = now,
        };

        return new SubscriptionUpsert(change, account, reported);
    }

    /// <summary>Writes the reported state; applies to a stored subscription only when it comes from an older event and may change into the reported status.</summary>
    public void Describe(UpdateBuilder<Subscription> update)
    {
        var reported = _reported;
        update
            .Set(Subscription.Fields.AccountKind, reported.AccountKind)
            .Set(Subscription.Fields.AccountId, reported.AccountId)
            .Set(Subscription.Fields.Seats, reported.Seats)
            .Set(Subscription.Fields.SubscriptionId, reported.SubscriptionId)
            .Set(Subscription.Fields.PaymentProvider, reported.PaymentProvider)
            .Set(Subscription.Fields.PlanId, reported.PlanId)
            .Set(Subscription.Fields.PriceId, reported.PriceId)
            .Set(Subscription.Fields.Price, reported.Price)
            .Set(Subscription.Fields.PriceInterval, reported.PriceInterval)
            .Set(Subscription.Fields.Status, reported.Status)
            .Set(Subscription.Fields.CurrentPeriodEnd, reported.CurrentPeriodEnd)
            .Set(Subscription.Fields.CancelAtPeriodEnd, reported.CancelAtPeriodEnd)
            .Set(Subscription.Fields.ProviderSubscriptionId, reported.ProviderSubscriptionId)
            .Set(Subscription.Fields.ProviderCustomerId, reported.ProviderCustomerId)
            .Set(Subscription.Fields.LastEventAt, reported.LastEventAt)
            .Set(Subscription.Fields.UpdatedAt, reported.UpdatedAt)
            .SetIfNotExists(Subscription.Fields.CreatedAt, reported.CreatedAt)
            .When(Applies(reported));
    }

    /// <summary>
    /// When a stored subscription takes the reported state: older events never win; an event of the same second
    /// (Stripe's <c>created</c> has one-second resolution) wins only when it moves the subscription forward in its
    /// lifecycle, so same-second events end in the same state whatever order they arrive in (an equal time and
    /// status is a duplicate).
    /// </summary>
    private static ItemCondition<Subscription> Applies(Subscription reported)
    {
        var newer = ItemCondition.LessThan(Subscription.Fields.LastEventAt, reported.LastEventAt)
            & ItemCondition.In(Subscription.Fields.Status, SubscriptionTransitions.AllowedFrom(reported.Status));
        var laterFrom = SubscriptionTransitions.LaterInLifecycleFrom(reported.Status);
        return laterFrom.Count == 0
            ? newer
            : newer | (ItemCondition.Equal(Subscription.Fields.LastEventAt, reported.LastEventAt) & ItemCondition.In(Subscription.Fields.Status, laterFrom));
    }

    /// <summary>Explains why the upsert's condition failed, from the subscription as stored.</summary>
    public (SubscriptionChangeOutcome Outcome, string Reason) ExplainSkip(Subscription stored) =>
        stored.LastEventAt > Change.EventAt
            ? (SubscriptionChangeOutcome.SkippedStale,
               $"The stored subscription comes from an event at {stored.LastEventAt:O}, which is newer than this event at {Change.EventAt:O}.")
            : stored.LastEventAt == Change.EventAt
            ? (SubscriptionChangeOutcome.SkippedStale,
               $"The stored subscription comes from an event of the same time ({Change.EventAt:O}) with status {stored.Status}; {Change.Status} does not come later in the lifecycle.")
            : (SubscriptionChangeOutcome.SkippedTransitionNotAllowed,
               $"A subscription with status {stored.Status} cannot change to {Change.Status}.");
}
