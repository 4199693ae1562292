namespace SaasUsers.Data.Stripe.Events;

/// <summary>
/// Which recorded payment a Stripe payment intent paid: written (an unconditional put, so writing it again is
/// harmless) in the same transaction as a one-off checkout's payment, so a later <c>charge.refunded</c>, which names
/// the payment intent but not the checkout session, finds the payment with one strongly consistent <c>GetItem</c>.
/// Owned by the payment (<see cref="CheckoutPayment.ProviderPaymentId"/>): deleting the account deletes it.
/// </summary>
[DynamoEntity("STRIPEPAYMENT#{ProviderPaymentId}", "PAYMENT", EntityType = "StripePaymentLink")]
[DynamoOwnedBy(typeof(CheckoutPayment))]
internal sealed partial record StripePaymentLink
{
    /// <summary>The payment intent (<c>pi_...</c>).</summary>
    public required string ProviderPaymentId { get; init; }

    /// <summary>The checkout session the payment was recorded with.</summary>
    public required string CheckoutSessionId { get; init; }

    /// <summary>The kind of the account that paid (<c>USER</c> or <c>ORG</c>).</summary>
    public required string AccountKind { get; init; }

    /// <summary>The id of the user or organization that paid.</summary>
    public required string AccountId { get; init; }
}
