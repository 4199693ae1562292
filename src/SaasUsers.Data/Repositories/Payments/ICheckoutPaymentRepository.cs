namespace SaasUsers.Data;

/// <summary>Checkout payments: idempotent recording from webhooks, lookup by checkout session, and the user's payment history.</summary>
public interface ICheckoutPaymentRepository
{
    /// <summary>
    /// Records a checkout payment exactly once (one transaction: the idempotency record, the payment, a check that
    /// the account (the user or the organization) exists, and the subscription change if one is given). A replay of the same checkout session with
    /// the same payload returns the stored payment; with another payload it throws, except that a pending
    /// (<see cref="PaymentStatus.Unpaid"/>) payment recorded again as <see cref="PaymentStatus.Paid"/> or
    /// <see cref="PaymentStatus.Failed"/> with the same amount, user and ids settles it (<see cref="RecordPaymentOutcome.Settled"/>,
    /// as <see cref="SettleAsync"/> does), and a late pending delivery of a settled payment returns it (<see cref="RecordPaymentOutcome.AlreadyRecorded"/>).
    /// </summary>
    /// <param name="payment">The checkout.</param>
    /// <param name="subscriptionChange">A subscription change to apply in the same transaction, if any (for the same user).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="PaymentPayloadMismatchException">The session was recorded with another payload.</exception>
    /// <exception cref="ItemNotFoundException">The user does not exist.</exception>
    Task<RecordPaymentResult> RecordAsync(NewCheckoutPayment payment, SubscriptionChange? subscriptionChange = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a checkout payment as <see cref="RecordAsync(NewCheckoutPayment, SubscriptionChange?, CancellationToken)"/>
    /// does, with actions of the caller's own in the same transaction as the payment: a webhook's idempotency record,
    /// say, so that the event and its effect are written together or not at all. The caller's actions go into the
    /// transaction that records or settles the payment, and are written exactly when it is; a replay
    /// (<see cref="RecordPaymentOutcome.AlreadyRecorded"/>) writes nothing. When only the subscription change is stale,
    /// they are written with the payment alone; when the call settles a pending payment, they are written with the
    /// settlement and the subscription change follows in a request of its own.
    /// </summary>
    /// <param name="payment">The checkout.</param>
    /// <param name="subscriptionChange">A subscription change to apply in the same transaction, if any (for the same user).</param>
    /// <param name="alongside">
    /// Adds the caller's actions to a transaction the repository sends (called once for each transaction that writes
    /// the payment, so it must add the same actions each time; before the repository's, which write the checkout record, the
    /// payment and the subscription and check the user's item: the caller's actions must not touch those). When one of
    /// them fails, the <see cref="TransactionFailedException"/> is thrown as is, for the caller to read with
    /// <see cref="TransactionFailedException.FailureOf"/>.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="PaymentPayloadMismatchException">The session was recorded with another payload.</exception>
    /// <exception cref="ItemNotFoundException">The user does not exist.</exception>
    /// <exception cref="TransactionFailedException">One of the caller's actions failed; nothing was written.</exception>
    Task<RecordPaymentResult> RecordWithAsync(NewCheckoutPayment payment, SubscriptionChange? subscriptionChange, Action<TransactionBuilder> alongside, CancellationToken cancellationToken = default);

    /// <summary>
    /// Settles a pending (<see cref="PaymentStatus.Unpaid"/>) payment to <see cref="PaymentStatus.Paid"/> or
    /// <see cref="PaymentStatus.Failed"/>, for Stripe's <c>checkout.session.async_payment_succeeded</c> and
    /// <c>_failed</c> (a <c>GetItem</c> of the checkout record, then one transaction: the record and the payment,
    /// each only if unchanged since, and a check that the user exists). Settling again to the same status returns
    /// the stored payment (<see cref="RecordPaymentOutcome.AlreadyRecorded"/>).
    /// </summary>
    /// <param name="paymentProvider">The payment provider.</param>
    /// <param name="checkoutSessionId">The checkout session.</param>
    /// <param name="status"><see cref="PaymentStatus.Paid"/> or <see cref="PaymentStatus.Failed"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ItemNotFoundException">No payment was recorded for the session, or its user no longer exists.</exception>
    /// <exception cref="PaymentPayloadMismatchException">The payment is not pending: it settled to another status, or never was pending.</exception>
    Task<RecordPaymentResult> SettleAsync(string paymentProvider, string checkoutSessionId, PaymentStatus status, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that a payment has been refunded, in whole or in part (Stripe's <c>charge.refunded</c>). It takes the
    /// provider's cumulative refunded total, not one refund's amount, so several partial refunds reported more than
    /// once or in any order end at the largest total: a <c>GetItem</c> of the checkout record, then one transaction
    /// (the payment's <see cref="CheckoutPayment.AmountRefundedMinor"/> raised only if it is below the total, the
    /// record's copy of the payment only if the record is unchanged since the read, a check that the account exists).
    /// A total at or below the stored one writes nothing (<see cref="RecordRefundOutcome.AlreadyRecorded"/>). The
    /// payment's <see cref="CheckoutPayment.Status"/> does not change, and a pending payment may be refunded before it
    /// settles (the settlement keeps the refund).
    /// </summary>
    /// <param name="paymentProvider">The payment provider.</param>
    /// <param name="checkoutSessionId">The checkout session the payment was recorded with.</param>
    /// <param name="totalRefunded">How much of the payment has been refunded in all: 1 up to the amount paid, in its currency.</param>
    /// <param name="refundedAt">When the provider reported this total (its event time).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ItemNotFoundException">No payment is recorded for the session (or its checkout record expired), or its account no longer exists.</exception>
    /// <exception cref="ArgumentException"><paramref name="totalRefunded"/> is in another currency than the payment, or not from 1 to the amount paid; nothing was written.</exception>
    Task<RecordRefundResult> RecordRefundAsync(string paymentProvider, string checkoutSessionId, Money totalRefunded, DateTimeOffset refundedAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a refund as <see cref="RecordRefundAsync"/> does, with actions of the caller's own (a webhook's
    /// idempotency record, say) in the transaction that raises the refunded total: written exactly when it is, and not
    /// at all when the total was recorded before.
    /// </summary>
    /// <param name="paymentProvider">The payment provider.</param>
    /// <param name="checkoutSessionId">The checkout session the payment was recorded with.</param>
    /// <param name="totalRefunded">How much of the payment has been refunded in all: 1 up to the amount paid, in its currency.</param>
    /// <param name="refundedAt">When the provider reported this total (its event time).</param>
    /// <param name="alongside">
    /// Adds the caller's actions to the transaction (called once for each attempt, so it must add the same actions each
    /// time; before the repository's, which update the payment and the checkout record and check the account). When
    /// one of them fails, the <see cref="TransactionFailedException"/> is thrown as is.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ItemNotFoundException">No payment is recorded for the session (or its checkout record expired), or its account no longer exists.</exception>
    /// <exception cref="ArgumentException"><paramref name="totalRefunded"/> is in another currency than the payment, or not from 1 to the amount paid; nothing was written.</exception>
    /// <exception cref="TransactionFailedException">One of the caller's actions failed; nothing was written.</exception>
    Task<RecordRefundResult> RecordRefundWithAsync(string paymentProvider, string checkoutSessionId, Money totalRefunded, DateTimeOffset refundedAt, Action<TransactionBuilder> alongside, CancellationToken cancellationToken = default);

    /// <summary>Gets a payment by the provider's checkout session id (one <c>GetItem</c>, strongly consistent).</summary>
    Task<CheckoutPayment?> GetByCheckoutSessionAsync(string paymentProvider, string checkoutSessionId, CancellationToken cancellationToken = default);

    /// <summary>Lists a user's payments newest first, one page (one <c>Query</c>) at a time.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="pageSize">The most payments a page returns, 1 to 1000.</param>
    /// <param name="cursor">The cursor from the page before, or <see langword="null"/> for the first page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="InvalidCursorException">The cursor was tampered with, belongs to another listing (another user's, say), or expired.</exception>
    Task<QueryPage<CheckoutPayment>> ListAsync(string userId, int pageSize = 20, string? cursor = null, CancellationToken cancellationToken = default);

    /// <summary>Lists an account's payments (a user's or an organization's) newest first, one page (one <c>Query</c>) at a time.</summary>
    /// <param name="account">The account.</param>
    /// <param name="pageSize">The most payments a page returns, 1 to 1000.</param>
    /// <param name="cursor">The cursor from the page before, or <see langword="null"/> for the first page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="InvalidCursorException">The cursor was tampered with, belongs to another listing (another account's, say), or expired.</exception>
    Task<QueryPage<CheckoutPayment>> ListForAccountAsync(BillingAccount account, int pageSize = 20, string? cursor = null, CancellationToken cancellationToken = default);
}
