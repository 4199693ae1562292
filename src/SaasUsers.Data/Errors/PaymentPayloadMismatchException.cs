namespace SaasUsers.Data;

/// <summary>
/// A checkout session that was recorded before was delivered again with a different payload (amount, currency,
/// status, user, ...). The stored payment is left as it was; this usually means two sources disagree and needs a
/// person to look.
/// </summary>
public sealed class PaymentPayloadMismatchException : SaasUsersDataException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="stored">The payment as recorded the first time.</param>
    /// <param name="innerException">The cancelled transaction.</param>
    public PaymentPayloadMismatchException(CheckoutPayment stored, Exception? innerException = null)
        : base($"Checkout session {stored?.CheckoutSessionId} of {stored?.PaymentProvider} was already recorded with a different payload; the stored payment was kept.", innerException)
    {
        StoredPayment = stored!;
    }

    /// <summary>The payment as recorded the first time.</summary>
    public CheckoutPayment StoredPayment { get; }
}
