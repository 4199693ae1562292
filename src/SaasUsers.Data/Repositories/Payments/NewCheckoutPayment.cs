namespace SaasUsers.Data;

/// <summary>A completed checkout as the payment provider's webhook reports it.</summary>
public sealed record NewCheckoutPayment
{
    /// <summary>The payment provider, lower case (for example <c>stripe</c>).</summary>
    public required string PaymentProvider { get; init; }

    /// <summary>The provider's checkout session id: the idempotency key, with the provider.</summary>
    public required string CheckoutSessionId { get; init; }

    /// <summary>The user who paid (from the checkout's client reference or metadata), for a personal account; set this or <see cref="OrganizationId"/>, not both.</summary>
    public string? UserId { get; init; }

    /// <summary>The organization that paid, for an organization's account; set this or <see cref="UserId"/>, not both.</summary>
    public string? OrganizationId { get; init; }

    /// <summary>The account named by <see cref="UserId"/> or <see cref="OrganizationId"/>.</summary>
    /// <exception cref="ArgumentException">Neither or both are set, or the id is not valid.</exception>
    public BillingAccount Account => Validation.InputRules.Account(UserId, OrganizationId, nameof(UserId), nameof(OrganizationId));

    /// <summary>The amount paid: minor units and an ISO-4217 currency (any case; stored upper case).</summary>
    public required Money Amount { get; init; }

    /// <summary>The payment's status.</summary>
    public required PaymentStatus Status { get; init; }

    /// <summary>The provider's payment id, if any.</summary>
    public string? ProviderPaymentId { get; init; }

    /// <summary>The subscription the checkout started or renewed, if any.</summary>
    public string? SubscriptionId { get; init; }
}
