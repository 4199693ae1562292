namespace SaasUsers.Data.Benchmarks.Context;

/// <summary>The sample entities as DynamoDBContext objects (setup only, never measured).</summary>
public static class ContextData
{
    /// <summary>The user.</summary>
    public static ContextUser From(User user) => new ContextUser
    {
        UserId = user.UserId,
        Email = user.Email,
        NormalizedEmail = user.NormalizedEmail,
        DisplayName = user.DisplayName,
        Status = user.Status,
        PaymentProvider = user.PaymentProvider,
        ProviderCustomerId = user.ProviderCustomerId,
        Metadata = new Dictionary<string, string>(user.Metadata, StringComparer.Ordinal),
        CreatedAt = user.CreatedAt,
        SignUpMonth = user.SignUpMonth,
        UpdatedAt = user.UpdatedAt,
        Version = user.Version,
    }.SetKeys();

    /// <summary>The subscription.</summary>
    public static ContextSubscription From(Subscription subscription) => new ContextSubscription
    {
        SubscriptionId = subscription.SubscriptionId,
        AccountKind = subscription.AccountKind,
        AccountId = subscription.AccountId,
        PriceInterval = subscription.PriceInterval,
        PlanId = subscription.PlanId,
        PriceId = subscription.PriceId,
        Status = subscription.Status,
        CurrentPeriodEnd = subscription.CurrentPeriodEnd,
        CancelAtPeriodEnd = subscription.CancelAtPeriodEnd,
        PaymentProvider = subscription.PaymentProvider,
        ProviderSubscriptionId = subscription.ProviderSubscriptionId,
        ProviderCustomerId = subscription.ProviderCustomerId,
        LastEventAt = subscription.LastEventAt,
        CreatedAt = subscription.CreatedAt,
        UpdatedAt = subscription.UpdatedAt,
        Version = subscription.Version,
    }.SetKeys();

    /// <summary>The payment.</summary>
    public static ContextPayment From(CheckoutPayment payment) => new ContextPayment
    {
        CheckoutSessionId = payment.CheckoutSessionId,
        AccountKind = payment.AccountKind,
        AccountId = payment.AccountId,
        PaymentProvider = payment.PaymentProvider,
        ProviderPaymentId = payment.ProviderPaymentId,
        Amount = new ContextMoney { AmountMinor = payment.Amount.AmountMinor, Currency = payment.Amount.Currency },
        Status = payment.Status,
        SubscriptionId = payment.SubscriptionId,
        CreatedAt = payment.CreatedAt,
    }.SetKeys();
}
