namespace SaasUsers.Data;

/// <summary>A checkout payment's status.</summary>
public enum PaymentStatus
{
    /// <summary>The payment succeeded.</summary>
    Paid,

    /// <summary>
    /// The checkout completed but the payment is still pending (bank transfers, for example). It settles to
    /// <see cref="Paid"/> or <see cref="Failed"/> through <see cref="ICheckoutPaymentRepository.SettleAsync"/>, or by
    /// recording the same checkout session again with the final status (Stripe's
    /// <c>checkout.session.async_payment_succeeded</c> / <c>_failed</c>).
    /// </summary>
    Unpaid,

    /// <summary>The checkout needed no payment (a free trial or a 100% discount).</summary>
    NoPaymentRequired,

    /// <summary>A pending payment failed (Stripe's <c>checkout.session.async_payment_failed</c>).</summary>
    Failed,
}
