using SaasUsers.Data.Stripe.Events;
using SaasUsers.Data.Stripe.Processing;

namespace SaasUsers.Data.Stripe;

public sealed partial class StripeWebhookProcessor
{
    /// <summary>
    /// <c>checkout.session.completed</c>, <c>.async_payment_succeeded</c>, <c>.async_payment_failed</c>. A one-off
    /// checkout (<c>mode</c> <c>payment</c>) is recorded as a payment: completed with its <c>payment_status</c>
    /// (a bank transfer is <see cref="PaymentStatus.Unpaid"/>, pending), then settled by the later event, in whichever
    /// order they arrive. A subscription checkout links the Stripe customer to the account; its payments are recorded
    /// from the subscription's invoices (recording the checkout too would count the first payment twice). The account:
    /// an organization in the metadata, else the <c>client_reference_id</c> (<see cref="StripeClientReference"/>), else a
    /// user in the metadata, else the customer's stored link.
    /// </summary>
    private async Task<StripeWebhookResult> CheckoutAsync(StripeEvent stripeEvent, CancellationToken cancellationToken)
    {
        var session = Read(stripeEvent, StripeJsonContext.Default.StripeCheckoutSession);
        var account = MetadataOrganization(session.Metadata) ?? StripeClientReference.Parse(session.ClientReferenceId) ?? MetadataAccount(session.Metadata)
            ?? await AccountOfCustomerAsync(session.Customer, cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            return await OrphanAsync(stripeEvent, null, "The checkout session has no client_reference_id, no organization or user in its metadata, and no known customer.", cancellationToken).ConfigureAwait(false);
        }

        if (session.Mode is "subscription" or "setup")
        {
            return stripeEvent.Type == "checkout.session.completed" && session.Customer is { } customer
                ? await LinkCustomerAsync(stripeEvent, account, customer, cancellationToken).ConfigureAwait(false)
                : await RecordAloneAsync(stripeEvent, StripeWebhookOutcome.NoChange, account, "A subscription's payments are recorded from its invoices.", cancellationToken).ConfigureAwait(false);
        }

        var status = stripeEvent.Type switch
        {
            "checkout.session.async_payment_succeeded" => PaymentStatus.Paid,
            "checkout.session.async_payment_failed" => PaymentStatus.Failed,
            _ => StripeStatuses.Checkout(session.PaymentStatus),
        };
        if (session.Id is null || status is null || session.AmountTotal is not { } amount || session.Currency is null)
        {
            return await RecordAloneAsync(stripeEvent, StripeWebhookOutcome.Ignored, account, "The checkout session has no id, amount, currency or known payment status.", cancellationToken).ConfigureAwait(false);
        }

        var payment = new NewCheckoutPayment
        {
            PaymentProvider = PaymentProvider,
            CheckoutSessionId = session.Id,
            UserId = StripeAccounts.UserIdOf(account),
            OrganizationId = StripeAccounts.OrganizationIdOf(account),
            Amount = new Money(amount, session.Currency),
            Status = status.Value,
            ProviderPaymentId = session.PaymentIntent,
        };
        var alongside = RecordAlongside(stripeEvent, account, $"Payment {status}.");
        if (session.PaymentIntent is { } paymentIntent)
        {
            // So that a refund of the payment intent (charge.refunded names no checkout session) finds the payment.
            var link = new StripePaymentLink { ProviderPaymentId = paymentIntent, CheckoutSessionId = session.Id, AccountKind = account.StoredKind, AccountId = account.Id };
            var recordOnly = alongside;
            alongside = transaction =>
            {
                recordOnly(transaction);
                transaction.Put(link);
            };
        }

        try
        {
            var recorded = await _payments.RecordWithAsync(payment, null, alongside, cancellationToken).ConfigureAwait(false);
            return recorded.Outcome == RecordPaymentOutcome.AlreadyRecorded
                ? await RecordAloneAsync(stripeEvent, StripeWebhookOutcome.NoChange, account, $"The payment was recorded before ({recorded.Payment.Status}).", cancellationToken).ConfigureAwait(false)
                : new StripeWebhookResult(StripeWebhookOutcome.Applied, stripeEvent.Id, stripeEvent.Type, $"Payment {recorded.Outcome}: {recorded.Payment.Status}.");
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
            return await RecordAloneAsync(stripeEvent, StripeWebhookOutcome.Conflict, account, $"The payment is stored as {exception.StoredPayment.Status}; this event reports {status}.", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Links the account (a user or an organization) to the Stripe customer, with the event's record, in one transaction.</summary>
    private async Task<StripeWebhookResult> LinkCustomerAsync(StripeEvent stripeEvent, BillingAccount account, string customerId, CancellationToken cancellationToken)
    {
        var transaction = new TransactionBuilder();
        RecordAlongside(stripeEvent, account, "Customer linked.")(transaction);
        if (account.Kind == BillingAccountKind.Organization)
        {
            _organizations.AddLinkPaymentCustomer(transaction, account.Id, PaymentProvider, customerId);
        }
        else
        {
            _users.AddLinkPaymentCustomer(transaction, account.Id, PaymentProvider, customerId);
        }

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
            // The only other action is the account's update: the user or organization does not exist or is being deleted.
            return await MissingAccountAsync(stripeEvent, account, cancellationToken).ConfigureAwait(false);
        }
    }
}
