namespace SaasUsers.Data;

/// <summary>
/// A payment made through the provider's checkout. Stored in the user's item collection at
/// <c>PAY#{CreatedAt}#{CheckoutSessionId}</c>, so a user's payments list newest first.
/// </summary>
[DynamoEntity("USER#{UserId}", "PAY#{CreatedAt}#{CheckoutSessionId}", EntityType = "CheckoutPayment")]
public sealed partial record CheckoutPayment
{
    /// <summary>The provider's checkout session id (for example <c>cs_123</c>).</summary>
    public required string CheckoutSessionId { get; init; }

    /// <summary>The user who paid.</summary>
    public required string UserId { get; init; }

    /// <summary>The payment provider (for example <c>stripe</c>).</summary>
    public required string PaymentProvider { get; init; }

    /// <summary>The provider's payment id (for example <c>pi_123</c>), if any.</summary>
    public string? ProviderPaymentId { get; init; }

    /// <summary>The amount paid.</summary>
    public required Money Amount { get; init; }

    /// <summary>The payment's status.</summary>
    public PaymentStatus Status { get; init; }

    /// <summary>The subscription the payment is for, if any.</summary>
    public string? SubscriptionId { get; init; }

    /// <summary>When the payment was recorded.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
