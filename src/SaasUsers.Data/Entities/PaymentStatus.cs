namespace SaasUsers.Data;

/// <summary>A checkout payment's status.</summary>
public enum PaymentStatus
{
    /// <summary>The payment succeeded.</summary>
    Paid,

    /// <summary>The checkout completed but the payment is still pending (bank transfers, for example).</summary>
    Unpaid,

    /// <summary>The checkout needed no payment (a free trial or a 100% discount).</summary>
    NoPaymentRequired,
}
