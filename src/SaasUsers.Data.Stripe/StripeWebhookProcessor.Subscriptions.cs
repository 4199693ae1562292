using SaasUsers.Data.Stripe.Events;
using SaasUsers.Data.Stripe.Processing;

namespace SaasUsers.Data.Stripe;

public sealed partial class StripeWebhookProcessor
{
    /// <summary>
    /// <c>customer.subscription.*</c>: the subscription object as the event reports it, applied with
    /// <see cref="ISubscriptionRepository.ApplyChangeWithAsync"/> (a newer stored event wins; the same second resolves
    /// by the lifecycle). The account: the subscription's metadata (an organization before a user), else the stored
    /// subscription's, else the customer's. The seats are the first item's quantity (for an organization, its seat count
    /// follows them: the repository sets it in the same transaction, so only the newest event's quantity stays).
    /// </summary>
    private async Task<StripeWebhookResult> SubscriptionAsync(StripeEvent stripeEvent, CancellationToken cancellationToken)
    {
        var subscription = Read(stripeEvent, StripeJsonContext.Default.StripeSubscription);
        if (subscription.Id is null || StripeStatuses.Subscription(subscription.Status) is not { } status)
        {
            return await RecordAloneAsync(stripeEvent, StripeWebhookOutcome.Ignored, null, "The subscription has no id or an unknown status.", cancellationToken).ConfigureAwait(false);
        }

        var account = MetadataAccount(subscription.Metadata)
            ?? (await _subscriptions.FindByProviderSubscriptionIdAsync(PaymentProvider, subscription.Id, cancellationToken).ConfigureAwait(false))?.Account
            ?? await AccountOfCustomerAsync(subscription.Customer, cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            return await OrphanAsync(stripeEvent, null, "The subscription names no organization or user in its metadata, and neither it nor its customer is known.", cancellationToken).ConfigureAwait(false);
        }

        var item = subscription.Items?.Data?.FirstOrDefault();
        var price = item?.Price;
        var interval = StripeStatuses.Interval(price?.Recurring?.Interval, price?.Recurring?.IntervalCount ?? 1);
        var periodEnd = subscription.CurrentPeriodEnd ?? item?.CurrentPeriodEnd;
        var change = new SubscriptionChange
        {
            UserId = StripeAccounts.UserIdOf(account),
            OrganizationId = StripeAccounts.OrganizationIdOf(account),
            Seats = item?.Quantity is >= 0 and <= MaxSeats ? (int)item.Quantity.Value : null,
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

    /// <summary>The most seats a subscription may report (<see cref="SubscriptionChange.Seats"/>); a larger quantity is not taken as seats.</summary>
    private const int MaxSeats = 1_000_000;

    /// <summary>Applies a subscription change with the event's record; records the event alone when the change is skipped.</summary>
    private async Task<StripeWebhookResult> ApplyAsync(StripeEvent stripeEvent, SubscriptionChange change, CancellationToken cancellationToken)
    {
        SubscriptionChangeResult result;
        try
        {
            result = await _subscriptions.ApplyChangeWithAsync(change, RecordAlongside(stripeEvent, change.Account, $"Subscription {change.Status}."), cancellationToken).ConfigureAwait(false);
        }
        catch (TransactionFailedException exception) when (IsDuplicate(exception))
        {
            return DuplicateOf(stripeEvent);
        }

        return result.Outcome switch
        {
            SubscriptionChangeOutcome.Applied => new StripeWebhookResult(StripeWebhookOutcome.Applied, stripeEvent.Id, stripeEvent.Type, $"Subscription {change.Status}."),
            SubscriptionChangeOutcome.SkippedAccountNotFound => await MissingAccountAsync(stripeEvent, change.Account, cancellationToken).ConfigureAwait(false),
            _ => await RecordAloneAsync(stripeEvent, StripeWebhookOutcome.NoChange, change.Account, result.Reason ?? result.Outcome.ToString(), cancellationToken).ConfigureAwait(false),
        };
    }
}
