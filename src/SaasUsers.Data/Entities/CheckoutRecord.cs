namespace SaasUsers.Data;

/// <summary>
/// The idempotency record of one checkout session: written in the same transaction as the payment, keyed by
/// provider and checkout session, holding a hash of the webhook payload and the payment as recorded. A replayed
/// webhook finds it and gets the original result, for as long as the record is kept (by default, forever:
/// providers retry webhooks for days, far beyond DynamoDB's 10-minute ClientRequestToken).
/// </summary>
[DynamoEntity("CHECKOUT#{PaymentProvider}#{CheckoutSessionId}", "CHECKOUT", EntityType = "CheckoutRecord")]
[DynamoOwnedBy(typeof(CheckoutPayment))]
public sealed partial record CheckoutRecord
{
    /// <summary>The payment provider.</summary>
    public required string PaymentProvider { get; init; }

    /// <summary>The provider's checkout session id.</summary>
    public required string CheckoutSessionId { get; init; }

    /// <summary>The kind of account that paid (<see cref="BillingAccount.UserKind"/> or <see cref="BillingAccount.OrganizationKind"/>).</summary>
    public required string AccountKind { get; init; }

    /// <summary>The id of the user or organization that paid.</summary>
    public required string AccountId { get; init; }

    /// <summary>SHA-256 (hex) of the recorded payload; a replay with another payload is refused.</summary>
    public required string PayloadHash { get; init; }

    /// <summary>The payment as recorded.</summary>
    public required CheckoutPayment Payment { get; init; }

    /// <summary>When the record was written.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the record expires (time to live), if a retention is configured.</summary>
    [DynamoTimeToLive]
    public DateTimeOffset? ExpiresAt { get; init; }
}
