namespace SaasUsers.Data;

/// <summary>A user's account at a glance: the user, the subscriptions, and the latest payments.</summary>
/// <param name="User">The user.</param>
/// <param name="Subscriptions">The user's subscriptions.</param>
/// <param name="LatestPayments">The latest payments, newest first.</param>
/// <param name="ActiveSubscription">The subscription that gives access now, if any.</param>
/// <param name="HasMorePayments">Whether older payments exist beyond <paramref name="LatestPayments"/> (page them with <see cref="ICheckoutPaymentRepository.ListAsync(string, int, string?, CancellationToken)"/>).</param>
public sealed record AccountOverview(
    User User,
    IReadOnlyList<Subscription> Subscriptions,
    IReadOnlyList<CheckoutPayment> LatestPayments,
    Subscription? ActiveSubscription,
    bool HasMorePayments);
