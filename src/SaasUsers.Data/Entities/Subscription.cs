namespace SaasUsers.Data;

/// <summary>
/// An account's subscription to a plan, kept in step with the payment provider's webhooks. Stored in the item
/// collection of its <see cref="BillingAccount"/> (<c>USER#{UserId}</c> or <c>ORG#{OrganizationId}</c>) at
/// <c>SUB#{SubscriptionId}</c>, and indexed by payment customer (GSI2, next to the account) and by the provider's
/// subscription id (GSI3).
/// </summary>
[DynamoEntity("{AccountKind}#{AccountId}", "SUB#{SubscriptionId}", EntityType = "Subscription")]
[DynamoIndex(2, "CUSTOMER#{PaymentProvider}#{ProviderCustomerId}", "SUB#{SubscriptionId}", Name = "ByCustomer")]
[DynamoIndex(3, "PROVIDERSUB#{PaymentProvider}#{ProviderSubscriptionId}", "SUB", Name = "ByProviderSubscription")]
public sealed partial record Subscription
{
    /// <summary>The subscription's id (often the provider's subscription id).</summary>
    public required string SubscriptionId { get; init; }

    /// <summary>The kind of account that owns it (<see cref="BillingAccount.UserKind"/> or <see cref="BillingAccount.OrganizationKind"/>): the first part of the partition key.</summary>
    public required string AccountKind { get; init; }

    /// <summary>The id of the user or organization that owns it.</summary>
    public required string AccountId { get; init; }

    /// <summary>The account that owns it.</summary>
    public BillingAccount Account => BillingAccount.FromStored(AccountKind, AccountId);

    /// <summary>The user who owns it, when the account is a user's; otherwise <see langword="null"/>.</summary>
    public string? UserId => AccountKind == BillingAccount.UserKind ? AccountId : null;

    /// <summary>The organization that owns it, when the account is an organization's; otherwise <see langword="null"/>.</summary>
    public string? OrganizationId => AccountKind == BillingAccount.OrganizationKind ? AccountId : null;

    /// <summary>The plan (product) subscribed to.</summary>
    public required string PlanId { get; init; }

    /// <summary>The provider's price id, if any.</summary>
    public string? PriceId { get; init; }

    /// <summary>The recurring price charged each <see cref="PriceInterval"/>, if known (it makes the monthly recurring revenue).</summary>
    public Money? Price { get; init; }

    /// <summary>How often <see cref="Price"/> is charged. Defaults to monthly.</summary>
    public PriceInterval PriceInterval { get; init; }

    /// <summary>How many seats (members) the subscription pays for, if the provider reports a quantity; an organization's <see cref="Organization.SeatCount"/> follows it.</summary>
    public int? Seats { get; init; }

    /// <summary>The subscription's status.</summary>
    public SubscriptionStatus Status { get; init; }

    /// <summary>When the paid (or trial) period ends.</summary>
    public DateTimeOffset? CurrentPeriodEnd { get; init; }

    /// <summary>Whether the subscription ends at the end of the current period instead of renewing.</summary>
    public bool CancelAtPeriodEnd { get; init; }

    /// <summary>The payment provider (for example <c>stripe</c>).</summary>
    public required string PaymentProvider { get; init; }

    /// <summary>The provider's subscription id (for example <c>sub_123</c>), if any.</summary>
    public string? ProviderSubscriptionId { get; init; }

    /// <summary>The provider's customer id, if any.</summary>
    public string? ProviderCustomerId { get; init; }

    /// <summary>The provider's time of the newest event applied: an older event never overwrites a newer one.</summary>
    public DateTimeOffset LastEventAt { get; init; }

    /// <summary>When the subscription was first stored.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the subscription was last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The version for optimistic concurrency; each write increments it.</summary>
    [DynamoVersion]
    public long Version { get; init; }

    /// <summary>
    /// The monthly recurring revenue the subscription brings in minor units of <see cref="Price"/>'s currency: the
    /// monthly price (a yearly one divided by 12, rounded to the minor unit) while it is active or past due (the
    /// provider still collects), else 0. Trials bring none until they convert.
    /// </summary>
    public long MonthlyRecurringRevenueMinor =>
        Price is null || Status is not (SubscriptionStatus.Active or SubscriptionStatus.PastDue) ? 0
        : PriceInterval == PriceInterval.Year ? (long)Math.Round(Price.AmountMinor / 12m, MidpointRounding.AwayFromZero)
        : Price.AmountMinor;

    /// <summary>Whether the subscription gives access at <paramref name="now"/>: active or trialing, and its period not over.</summary>
    public bool IsActiveAt(DateTimeOffset now) =>
        Status is SubscriptionStatus.Active or SubscriptionStatus.Trialing
        && (CurrentPeriodEnd is null || CurrentPeriodEnd > now);
}
