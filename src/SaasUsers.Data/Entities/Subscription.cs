namespace SaasUsers.Data;

/// <summary>
/// A user's subscription to a plan, kept in step with the payment provider's webhooks. Stored in the user's item
/// collection at <c>SUB#{SubscriptionId}</c>, and indexed by payment customer (GSI2, next to the user) and by
/// the provider's subscription id (GSI3).
/// </summary>
[DynamoEntity("USER#{UserId}", "SUB#{SubscriptionId}", EntityType = "Subscription")]
[DynamoIndex(2, "CUSTOMER#{PaymentProvider}#{ProviderCustomerId}", "SUB#{SubscriptionId}", Name = "ByCustomer")]
[DynamoIndex(3, "PROVIDERSUB#{PaymentProvider}#{ProviderSubscriptionId}", "SUB", Name = "ByProviderSubscription")]
public sealed partial record Subscription
{
    /// <summary>The subscription's id (often the provider's subscription id).</summary>
    public required string SubscriptionId { get; init; }

    /// <summary>The user who owns the subscription.</summary>
    public required string UserId { get; init; }

    /// <summary>The plan (product) subscribed to.</summary>
    public required string PlanId { get; init; }

    /// <summary>The provider's price id, if any.</summary>
    public string? PriceId { get; init; }

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

    /// <summary>Whether the subscription gives access at <paramref name="now"/>: active or trialing, and its period not over.</summary>
    public bool IsActiveAt(DateTimeOffset now) =>
        Status is SubscriptionStatus.Active or SubscriptionStatus.Trialing
        && (CurrentPeriodEnd is null || CurrentPeriodEnd > now);
}
