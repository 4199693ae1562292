namespace SaasUsers.Data;

/// <summary>How much of a checkout payment has been refunded (<see cref="CheckoutPayment.RefundState"/>).</summary>
public enum PaymentRefundState
{
    /// <summary>Nothing has been refunded.</summary>
    None,

    /// <summary>Part of the amount has been refunded (<see cref="CheckoutPayment.AmountRefunded"/> is less than <see cref="CheckoutPayment.Amount"/>).</summary>
    PartiallyRefunded,

    /// <summary>The whole amount has been refunded.</summary>
    Refunded,
}
