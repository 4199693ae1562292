namespace SaasUsers.Data.Stripe.Processing;

/// <summary>Stripe's status names and the package's enums.</summary>
internal static class StripeStatuses
{
    /// <summary>Every Stripe subscription status; <see langword="null"/> for a name Stripe may add later.</summary>
    public static SubscriptionStatus? Subscription(string? status) => status switch
    {
        "incomplete" => SubscriptionStatus.Incomplete,
        "incomplete_expired" => SubscriptionStatus.IncompleteExpired,
        "trialing" => SubscriptionStatus.Trialing,
        "active" => SubscriptionStatus.Active,
        "past_due" => SubscriptionStatus.PastDue,
        "unpaid" => SubscriptionStatus.Unpaid,
        "paused" => SubscriptionStatus.Paused,
        "canceled" => SubscriptionStatus.Canceled,
        _ => null,
    };

    /// <summary>A checkout session's <c>payment_status</c>; <see langword="null"/> for an unknown name.</summary>
    public static PaymentStatus? Checkout(string? paymentStatus) => paymentStatus switch
    {
        "paid" => PaymentStatus.Paid,
        "unpaid" => PaymentStatus.Unpaid,
        "no_payment_required" => PaymentStatus.NoPaymentRequired,
        _ => null,
    };

    /// <summary>A price's recurrence as the package stores it; <see langword="null"/> when it is not monthly or yearly.</summary>
    public static PriceInterval? Interval(string? interval, long count) => (interval, count) switch
    {
        ("month", 1) => PriceInterval.Month,
        ("year", 1) => PriceInterval.Year,
        _ => null,
    };
}
