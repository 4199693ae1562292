namespace SaasUsers.Data;

/// <summary>
/// A subscription's state as a payment provider's webhook event reports it. Applying it creates the subscription
/// or updates it, unless the stored state comes from a newer event or the status change makes no sense.
/// </summary>
public sealed record SubscriptionChange
{
    /// <summary>
    /// The user who owns the subscription (from the checkout's client reference or metadata), for a personal account;
    /// set this or <see cref="OrganizationId"/>, not both.
    /// </summary>
    public string? UserId { get; init; }

    /// <summary>The organization that owns the subscription, for an organization's account; set this or <see cref="UserId"/>, not both.</summary>
    public string? OrganizationId { get; init; }

    /// <summary>The account named by <see cref="UserId"/> or <see cref="OrganizationId"/>.</summary>
    /// <exception cref="ArgumentException">Neither or both are set, or the id is not valid.</exception>
    public BillingAccount Account => Validation.InputRules.Account(UserId, OrganizationId, nameof(UserId), nameof(OrganizationId));

    /// <summary>
    /// How many seats the subscription pays for (the provider's quantity), 0 to 1,000,000, if it reports one. For an
    /// organization, an applied change sets <see cref="Organization.SeatCount"/> to it in the same transaction.
    /// </summary>
    public int? Seats { get; init; }

    /// <summary>The subscription's id (often the provider's subscription id).</summary>
    public required string SubscriptionId { get; init; }

    /// <summary>The payment provider, lower case (for example <c>stripe</c>).</summary>
    public required string PaymentProvider { get; init; }

    /// <summary>The plan (product) subscribed to.</summary>
    public required string PlanId { get; init; }

    /// <summary>The provider's price id, if any.</summary>
    public string? PriceId { get; init; }

    /// <summary>The recurring price charged each <see cref="PriceInterval"/>, if the provider reports it.</summary>
    public Money? Price { get; init; }

    /// <summary>How often <see cref="Price"/> is charged. Defaults to monthly.</summary>
    public PriceInterval PriceInterval { get; init; }

    /// <summary>The status the event reports.</summary>
    public required SubscriptionStatus Status { get; init; }

    /// <summary>When the current period ends, if known.</summary>
    public DateTimeOffset? CurrentPeriodEnd { get; init; }

    /// <summary>Whether the subscription ends at the end of the period.</summary>
    public bool CancelAtPeriodEnd { get; init; }

    /// <summary>The provider's subscription id, if any.</summary>
    public string? ProviderSubscriptionId { get; init; }

    /// <summary>The provider's customer id, if any.</summary>
    public string? ProviderCustomerId { get; init; }

    /// <summary>When the provider created the event (its <c>created</c> time): orders events.</summary>
    public required DateTimeOffset EventAt { get; init; }
}
