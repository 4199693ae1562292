using SaasUsers.Data.Stripe.Events;
using SaasUsers.Data.Stripe.Processing;

namespace SaasUsers.Data.Stripe;

public sealed partial class StripeWebhookProcessor
{
    /// <summary>
    /// <c>charge.refunded</c> (sent for every full or partial refund): the charge's cumulative <c>amount_refunded</c>
    /// recorded on the payment its payment intent paid (<see cref="ICheckoutPaymentRepository.RecordRefundWithAsync"/>),
    /// found through the <see cref="StripePaymentLink"/> its checkout wrote. Totals only grow, so the same refund
    /// reported again, or an older total arriving after a newer one, changes nothing. A charge whose payment intent
    /// paid no recorded checkout (a subscription's invoice, a payment made elsewhere) is recorded as orphaned.
    /// </summary>
    private async Task<StripeWebhookResult> RefundAsync(StripeEvent stripeEvent, CancellationToken cancellationToken)
    {
        var charge = Read(stripeEvent, StripeJsonContext.Default.StripeCharge);
        if (charge.AmountRefunded <= 0 || charge.Currency is null || charge.PaymentIntent is null)
        {
            return await RecordAloneAsync(stripeEvent, StripeWebhookOutcome.Ignored, null, "The charge reports no refund, currency or payment intent.", cancellationToken).ConfigureAwait(false);
        }

        var link = await _table.GetAsync<StripePaymentLink>(StripePaymentLink.CreateKey(charge.PaymentIntent), consistentRead: true, cancellationToken).ConfigureAwait(false);
        if (link is null)
        {
            return await OrphanAsync(stripeEvent, null, "No recorded checkout payment was paid by the charge's payment intent (a subscription invoice's charge, or a payment recorded elsewhere).", cancellationToken).ConfigureAwait(false);
        }

        var account = BillingAccount.FromStored(link.AccountKind, link.AccountId);
        var total = new Money(charge.AmountRefunded, charge.Currency);
        try
        {
            var refund = await _payments.RecordRefundWithAsync(PaymentProvider, link.CheckoutSessionId, total, stripeEvent.CreatedAt, RecordAlongside(stripeEvent, account, "Refund recorded."), cancellationToken).ConfigureAwait(false);
            var detail = $"Payment {refund.Payment.RefundState}: {refund.Payment.AmountRefunded} of {refund.Payment.Amount} refunded.";
            return refund.Outcome == RecordRefundOutcome.AlreadyRecorded
                ? await RecordAloneAsync(stripeEvent, StripeWebhookOutcome.NoChange, account, "The refunded total was recorded before. " + detail, cancellationToken).ConfigureAwait(false)
                : new StripeWebhookResult(StripeWebhookOutcome.Applied, stripeEvent.Id, stripeEvent.Type, detail);
        }
        catch (TransactionFailedException exception) when (IsDuplicate(exception))
        {
            return DuplicateOf(stripeEvent);
        }
        catch (ItemNotFoundException)
        {
            return await OrphanAsync(stripeEvent, account, $"The payment, or the {account} that made it, no longer exists.", cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException exception) when (exception.ParamName == "totalRefunded")
        {
            return await RecordAloneAsync(stripeEvent, StripeWebhookOutcome.Conflict, account, $"The charge's refunded total ({charge.AmountRefunded} {charge.Currency}) does not fit the recorded payment.", cancellationToken).ConfigureAwait(false);
        }
    }
}
