namespace SaasUsers.Data;

/// <summary>What recording a refund of a checkout payment did.</summary>
public enum RecordRefundOutcome
{
    /// <summary>This call raised the payment's refunded amount to the reported total.</summary>
    Refunded,

    /// <summary>
    /// The payment already has this refunded total or a larger one (the same refund reported again, or an older
    /// report arriving late): nothing was written.
    /// </summary>
    AlreadyRecorded,
}

/// <summary>The result of recording a refund.</summary>
/// <param name="Outcome">Whether this call changed the payment.</param>
/// <param name="Payment">The payment as stored after the call.</param>
public sealed record RecordRefundResult(RecordRefundOutcome Outcome, CheckoutPayment Payment);
