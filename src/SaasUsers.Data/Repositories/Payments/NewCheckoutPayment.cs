namespace SaasUsers.Data;

/// <summary>A completed checkout as the payment provider's webhook reports it.</summary>
public sealed record NewCheckoutPayment
{
    /// <summary>The payment provider, lower case (for example <c>stripe</c>).</summary>
    public required string PaymentProvider { get; init; }

    /// <summary>The provider's checkout session id: the idempotency key, with the provider.</summary>
    public required string CheckoutSessionId { get; init; }

    /// <summary>The user who paid (from the checkout's client reference or metadata).</summary>
    public required string UserId { get; init; }

    /// <summary>The amount paid: minor units and an ISO-4217 currency (any case; stored upper case).</summary>
    public required Money Amount { get; init; }

    /// <summary>The payment's status.</summary>
    public required PaymentStatus Status { get; init; }

    /// <summary>The provider's payment id, if any.</summary>
    public string? ProviderPaymentId { get; init; }

    /// <summary>The subscription the checkout started or renewed, if any.</summary>
    public string? SubscriptionId { get; init; }
}
