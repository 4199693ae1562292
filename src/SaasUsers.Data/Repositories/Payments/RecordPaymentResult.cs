namespace SaasUsers.Data;

/// <summary>What recording a checkout payment did.</summary>
public enum RecordPaymentOutcome
{
    /// <summary>This call recorded the payment.</summary>
    Recorded,

    /// <summary>
    /// The checkout session was recorded before with the same payload (or the pending delivery of a payment that has
    /// settled since); the stored payment is returned.
    /// </summary>
    AlreadyRecorded,

    /// <summary>This call settled a pending (<see cref="PaymentStatus.Unpaid"/>) payment to its final status.</summary>
    Settled,
}

/// <summary>The result of recording a checkout payment.</summary>
/// <param name="Outcome">Whether this call recorded it.</param>
/// <param name="Payment">The payment as stored (the original one for a replay).</param>
/// <param name="SubscriptionChange">What happened to the subscription change sent with it, if one was.</param>
/// <param name="SubscriptionChangeReason">Why the subscription change was skipped, if it was.</param>
public sealed record RecordPaymentResult(
    RecordPaymentOutcome Outcome,
    CheckoutPayment Payment,
    SubscriptionChangeOutcome? SubscriptionChange,
    string? SubscriptionChangeReason);
