using SaasUsers.Data.Stripe.Events;
using SaasUsers.Data.Stripe.Processing;

namespace SaasUsers.Data.Stripe;

public sealed partial class StripeWebhookProcessor
{
    /// <summary>
    /// <c>customer.subscription.*</c>: the subscription object as the event reports it, applied with
    /// <see cref="ISubscriptionRepository.ApplyChangeWithAsync"/> (a newer stored event wins; the same second resolves
    /// by the lifecycle). The user: the subscription's metadata, else the stored subscription's, else the customer's.
    /// </summary>
    private async Task<StripeWebhookResult> SubscriptionAsync(StripeEvent stripeEvent, CancellationToken cancellationToken)
    {
        var subscription = Read(stripeEvent, StripeJsonContext.Default.StripeSubscription);
        if (subscription.Id is null || StripeStatuses.Subscription(subscription.Status) is not { } status)
        {
            return await RecordAloneAsync(stripeEvent, StripeWebhookOutcome.Ignored, null, "The subscription has no id or an unknown status.", cancellationToken).ConfigureAwait(false);
        }

        var userId = MetadataUserId(subscription.Metadata)
            ?? (await _subscriptions.FindByProviderSubscriptionIdAsync(PaymentProvider, subscription.Id, cancellationToken).ConfigureAwait(false))?.UserId
            ?? await UserOfCustomerAsync(subscription.Customer, cancellationToken).ConfigureAwait(false);
        if (userId is null)
        {
            return await OrphanAsync(stripeEvent, null, "The subscription names no user in its metadata, and neither it nor its customer is known.", cancellationToken).ConfigureAwait(false);
        }

        var item = subscription.Items?.Data?.FirstOrDefault();
        var price = item?.Price;
        var interval = StripeStatuses.Interval(price?.Recurring?.Interval, price?.Recurring?.IntervalCount ?? 1);
        var periodEnd = subscription.CurrentPeriodEnd ?? item?.CurrentPeriodEnd;
        var change = new SubscriptionChange
        {
            UserId = userId,
            SubscriptionId = subscription.Id,
            PaymentProvider = PaymentProvider,
            PlanId = price?.Product ?? price?.Id ?? subscription.Id,
            PriceId = price?.Id,
            Price = price is { UnitAmount: { } amount, Currency: { } currency } && interval is not null ? new Money(amount, currency) : null,
            PriceInterval = interval ?? PriceInterval.Month,
            Status = status,
            CurrentPeriodEnd = periodEnd is { } end ? DateTimeOffset.FromUnixTimeSeconds(end) : null,
            CancelAtPeriodEnd = subscription.CancelAtPeriodEnd,
            ProviderSubscriptionId = subscription.Id,
            ProviderCustomerId = subscription.Customer,
            EventAt = stripeEvent.CreatedAt,
        };
        return await ApplyAsync(stripeEvent, change, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies a subscription change with the event's record; records the event alone when the change is skipped.</summary>
    private async Task<StripeWebhookResult> ApplyAsync(StripeEvent stripeEvent, SubscriptionChange change, CancellationToken cancellationToken)
    {
        SubscriptionChangeResult result;
        try
        {
            result = await _subscriptions.ApplyChangeWithAsync(change, RecordAlongside(stripeEvent, change.UserId, $"Subscription {change.Status}."), cancellationToken).ConfigureAwait(false);
        }
        catch (TransactionFailedException exception) when (IsDuplicate(exception))
        {
            return DuplicateOf(stripeEvent);
        }

        return result.Outcome switch
        {
            SubscriptionChangeOutcome.Applied => new StripeWebhookResult(StripeWebhookOutcome.Applied, stripeEvent.Id, stripeEvent.Type, $"Subscription {change.Status}."),
            SubscriptionChangeOutcome.SkippedUserNotFound => await OrphanAsync(stripeEvent, change.UserId, $"User {change.UserId} does not exist or is being deleted.", cancellationToken).ConfigureAwait(false),
            _ => await RecordAloneAsync(stripeEvent, StripeWebhookOutcome.NoChange, change.UserId, result.Reason ?? result.Outcome.ToString(), cancellationToken).ConfigureAwait(false),
        };
    }
}
