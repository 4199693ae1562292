using SaasUsers.Data.Stripe.Events;
using SaasUsers.Data.Stripe.Processing;

namespace SaasUsers.Data.Stripe;

public sealed partial class StripeWebhookProcessor
{
    /// <summary>
    /// <c>checkout.session.completed</c>, <c>.async_payment_succeeded</c>, <c>.async_payment_failed</c>. A one-off
    /// checkout (<c>mode</c> <c>payment</c>) is recorded as a payment: completed with its <c>payment_status</c>
    /// (a bank transfer is <see cref="PaymentStatus.Unpaid"/>, pending), then settled by the later event, in whichever
    /// order they arrive. A subscription checkout links the Stripe customer to the user; its payments are recorded
    /// from the subscription's invoices (recording the checkout too would count the first payment twice).
    /// </summary>
    private async Task<StripeWebhookResult> CheckoutAsync(StripeEvent stripeEvent, CancellationToken cancellationToken)
    {
        var session = Read(stripeEvent, StripeJsonContext.Default.StripeCheckoutSession);
        var userId = session.ClientReferenceId ?? MetadataUserId(session.Metadata)
            ?? await UserOfCustomerAsync(session.Customer, cancellationToken).ConfigureAwait(false);
        if (userId is null)
        {
            return await OrphanAsync(stripeEvent, null, "The checkout session has no client_reference_id, no user id in its metadata, and no known customer.", cancellationToken).ConfigureAwait(false);
        }

        if (session.Mode is "subscription" or "setup")
        {
            return stripeEvent.Type == "checkout.session.completed" && session.Customer is { } customer
                ? await LinkCustomerAsync(stripeEvent, userId, customer, cancellationToken).ConfigureAwait(false)
                : await RecordAloneAsync(stripeEvent, StripeWebhookOutcome.NoChange, userId, "A subscription's payments are recorded from its invoices.", cancellationToken).ConfigureAwait(false);
        }

        var status = stripeEvent.Type switch
        {
            "checkout.session.async_payment_succeeded" => PaymentStatus.Paid,
            "checkout.session.async_payment_failed" => PaymentStatus.Failed,
            _ => StripeStatuses.Checkout(session.PaymentStatus),
        };
        if (session.Id is null || status is null || session.AmountTotal is not { } amount || session.Currency is null)
        {
            return await RecordAloneAsync(stripeEvent, StripeWebhookOutcome.Ignored, userId, "The checkout session has no id, amount, currency or known payment status.", cancellationToken).ConfigureAwait(false);
        }

        var payment = new NewCheckoutPayment
        {
            PaymentProvider = PaymentProvider,
            CheckoutSessionId = session.Id,
            UserId = userId,
            Amount = new Money(amount, session.Currency),
            Status = status.Value,
            ProviderPaymentId = session.PaymentIntent,
        };
        try
        {
            var recorded = await _payments.RecordWithAsync(payment, null, RecordAlongside(stripeEvent, userId, $"Payment {status}."), cancellationToken).ConfigureAwait(false);
            return recorded.Outcome == RecordPaymentOutcome.AlreadyRecorded
                ? await RecordAloneAsync(stripeEvent, StripeWebhookOutcome.NoChange, userId, $"The payment was recorded before ({recorded.Payment.Status}).", cancellationToken).ConfigureAwait(false)
                : new StripeWebhookResult(StripeWebhookOutcome.Applied, stripeEvent.Id, stripeEvent.Type, $"Payment {recorded.Outcome}: {recorded.Payment.Status}.");
        }
        catch (TransactionFailedException exception) when (IsDuplicate(exception))
        {
            return DuplicateOf(stripeEvent);
        }
        catch (ItemNotFoundException)
        {
            return await OrphanAsync(stripeEvent, userId, $"User {userId} does not exist or is being deleted.", cancellationToken).ConfigureAwait(false);
        }
        catch (PaymentPayloadMismatchException exception)
        {
            return await RecordAloneAsync(stripeEvent, StripeWebhookOutcome.Conflict, userId, $"The payment is stored as {exception.StoredPayment.Status}; this event reports {status}.", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Links the user to the Stripe customer, with the event's record, in one transaction.</summary>
    private async Task<StripeWebhookResult> LinkCustomerAsync(StripeEvent stripeEvent, string userId, string customerId, CancellationToken cancellationToken)
    {
        var transaction = new TransactionBuilder();
        RecordAlongside(stripeEvent, userId, "Customer linked.")(transaction);
        _users.AddLinkPaymentCustomer(transaction, userId, PaymentProvider, customerId);
        try
        {
            await _table.TransactWriteAsync(transaction, cancellationToken).ConfigureAwait(false);
            return new StripeWebhookResult(StripeWebhookOutcome.Applied, stripeEvent.Id, stripeEvent.Type, "Customer linked.");
        }
        catch (TransactionFailedException exception) when (IsDuplicate(exception))
        {
            return DuplicateOf(stripeEvent);
        }
        catch (TransactionFailedException exception) when (exception.FailureOf(RecordLabel) is null)
        {
            // The only other action is the user's update: the user does not exist or is being deleted.
            return await OrphanAsync(stripeEvent, userId, $"User {userId} does not exist or is being deleted.", cancellationToken).ConfigureAwait(false);
        }
    }
}
