namespace SaasUsers.Data;

/// <summary>
/// A payment made through the provider's checkout. Stored in the item collection of its <see cref="BillingAccount"/>
/// (a user's or an organization's) at <c>PAY#{CreatedAt}#{CheckoutSessionId}</c>, so an account's payments list
/// newest first.
/// </summary>
[DynamoEntity("{AccountKind}#{AccountId}", "PAY#{CreatedAt}#{CheckoutSessionId}", EntityType = "CheckoutPayment")]
public sealed partial record CheckoutPayment
{
    /// <summary>The provider's checkout session id (for example <c>cs_123</c>).</summary>
    public required string CheckoutSessionId { get; init; }

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

    /// <summary>
    /// How much of <see cref="Amount"/> has been refunded in all, in minor units of its currency, once a refund was
    /// recorded (<see cref="ICheckoutPaymentRepository.RecordRefundAsync"/>); <see langword="null"/> before. The
    /// <see cref="Status"/> stays what it was: a refunded payment was paid.
    /// </summary>
    public long? AmountRefundedMinor { get; init; }

    /// <summary>When the provider reported the refunded total (its event time), once a refund was recorded.</summary>
    public DateTimeOffset? RefundedAt { get; init; }

    /// <summary>The amount refunded so far, in the payment's currency; <see langword="null"/> when nothing was refunded.</summary>
    public Money? AmountRefunded => AmountRefundedMinor is { } minor and > 0 ? new Money(minor, Amount.Currency) : null;

    /// <summary>Whether none, part or all of the payment has been refunded.</summary>
    public PaymentRefundState RefundState => AmountRefundedMinor switch
    {
        null or <= 0 => PaymentRefundState.None,
        { } minor when minor >= Amount.AmountMinor => PaymentRefundState.Refunded,
        _ => PaymentRefundState.PartiallyRefunded,
    };
}
