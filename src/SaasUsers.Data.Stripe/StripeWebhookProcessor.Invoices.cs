using SaasUsers.Data.Stripe.Events;
using SaasUsers.Data.Stripe.Processing;

namespace SaasUsers.Data.Stripe;

public sealed partial class StripeWebhookProcessor
{
    /// <summary>
    /// <c>invoice.paid</c> and <c>invoice.payment_failed</c> of a subscription: the invoice is recorded as a payment of
    /// the subscription (keyed by the invoice id; a failed attempt is pending, <see cref="PaymentStatus.Unpaid"/>, since
    /// Stripe retries it, and the invoice's payment settles it), and reflected in the subscription's status in the same
    /// transaction: paid makes an incomplete, past-due or unpaid subscription active; failed makes an active or
    /// trialing one past due. The status change carries the invoice event's time less a millisecond: Stripe's times
    /// are whole seconds, so a subscription event of the same second (its own report of the status) wins over the
    /// status an invoice implies, whatever order they arrive in, and every older one loses.
    /// </summary>
    private async Task<StripeWebhookResult> InvoiceAsync(StripeEvent stripeEvent, CancellationToken cancellationToken)
    {
        var invoice = Read(stripeEvent, StripeJsonContext.Default.StripeInvoice);
        if (invoice.Id is null || invoice.SubscriptionId is not { } subscriptionId || invoice.Currency is null)
        {
            return await RecordAloneAsync(stripeEvent, StripeWebhookOutcome.Ignored, null, "The invoice belongs to no subscription (or has no id or currency).", cancellationToken).ConfigureAwait(false);
        }

        var stored = await _subscriptions.FindByProviderSubscriptionIdAsync(PaymentProvider, subscriptionId, cancellationToken).ConfigureAwait(false);
        var account = stored?.Account ?? MetadataAccount(invoice.SubscriptionMetadata) ?? MetadataAccount(invoice.Metadata)
            ?? await AccountOfCustomerAsync(invoice.Customer, cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            return await OrphanAsync(stripeEvent, null, "The invoice's subscription and customer are not known, and its metadata names no organization or user.", cancellationToken).ConfigureAwait(false);
        }

        var paid = stripeEvent.Type == "invoice.paid";
        var payment = new NewCheckoutPayment
        {
            PaymentProvider = PaymentProvider,
            CheckoutSessionId = invoice.Id,
            UserId = StripeAccounts.UserIdOf(account),
            OrganizationId = StripeAccounts.OrganizationIdOf(account),
            Amount = new Money(invoice.AmountDue, invoice.Currency),
            Status = !paid ? PaymentStatus.Unpaid : invoice.AmountDue == 0 ? PaymentStatus.NoPaymentRequired : PaymentStatus.Paid,
            SubscriptionId = subscriptionId,
        };
        var change = stored is null || stored.Account != account ? null : Reflect(stored, paid, stripeEvent.CreatedAt - ImpliedStatusLead);
        try
        {
            var recorded = await _payments.RecordWithAsync(payment, change, RecordAlongside(stripeEvent, account, $"Invoice payment {payment.Status}."), cancellationToken).ConfigureAwait(false);
            if (recorded.Outcome == RecordPaymentOutcome.AlreadyRecorded)
            {
                return await RecordAloneAsync(stripeEvent, StripeWebhookOutcome.NoChange, account, $"The invoice's payment was recorded before ({recorded.Payment.Status}).", cancellationToken).ConfigureAwait(false);
            }

            var subscriptionDetail = recorded.SubscriptionChange switch
            {
                null => "",
                SubscriptionChangeOutcome.Applied => $" Subscription {change!.Status}.",
                _ => " Subscription unchanged: " + recorded.SubscriptionChangeReason,
            };
            return new StripeWebhookResult(StripeWebhookOutcome.Applied, stripeEvent.Id, stripeEvent.Type, $"Invoice payment {recorded.Outcome}: {recorded.Payment.Status}.{subscriptionDetail}");
        }
        catch (TransactionFailedException exception) when (IsDuplicate(exception))
        {
            return DuplicateOf(stripeEvent);
        }
        catch (ItemNotFoundException)
        {
            return await MissingAccountAsync(stripeEvent, account, cancellationToken).ConfigureAwait(false);
        }
        catch (PaymentPayloadMismatchException exception)
        {
            return await RecordAloneAsync(stripeEvent, StripeWebhookOutcome.Conflict, account, $"The invoice's payment is stored as {exception.StoredPayment.Status}; this event reports {payment.Status}.", cancellationToken).ConfigureAwait(false);
        }
    }

    private static readonly TimeSpan ImpliedStatusLead = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// The stored subscription with the status an invoice's payment implies, or <see langword="null"/> when it implies
    /// none. Its seats are the stored ones (an organization's seat count stays what the subscription's newest event set).
    /// </summary>
    private static SubscriptionChange? Reflect(Subscription stored, bool paid, DateTimeOffset eventAt)
    {
        SubscriptionStatus? status = paid
            ? stored.Status is SubscriptionStatus.Incomplete or SubscriptionStatus.PastDue or SubscriptionStatus.Unpaid ? SubscriptionStatus.Active : null
            : stored.Status is SubscriptionStatus.Active or SubscriptionStatus.Trialing ? SubscriptionStatus.PastDue : null;
        return status is null ? null : new SubscriptionChange
        {
            UserId = StripeAccounts.UserIdOf(stored.Account),
            OrganizationId = StripeAccounts.OrganizationIdOf(stored.Account),
            Seats = stored.Seats,
            SubscriptionId = stored.SubscriptionId,
            PaymentProvider = stored.PaymentProvider,
            PlanId = stored.PlanId,
            PriceId = stored.PriceId,
            Price = stored.Price,
            PriceInterval = stored.PriceInterval,
            Status = status.Value,
            CurrentPeriodEnd = stored.CurrentPeriodEnd,
            CancelAtPeriodEnd = stored.CancelAtPeriodEnd,
            ProviderSubscriptionId = stored.ProviderSubscriptionId,
            ProviderCustomerId = stored.ProviderCustomerId,
            EventAt = eventAt,
        };
    }
}
