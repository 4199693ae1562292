using SaasUsers.Data.Validation;

namespace SaasUsers.Data;

/// <summary>The <see cref="ICheckoutPaymentRepository"/> on the single table, written on the public <see cref="IEntityTable"/> alone.</summary>
internal sealed class CheckoutPaymentRepository : ICheckoutPaymentRepository
{
    /// <summary>How often a refund is tried again when the payment or its record changed between the read and the write.</summary>
    private const int MaxRefundAttempts = 3;

    private readonly IEntityTable _table;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan? _retention;

    /// <summary>Creates the repository.</summary>
    /// <param name="table">The table.</param>
    /// <param name="options">The options (<see cref="SaasUsersTableOptions.PaymentIdempotencyRetention"/>).</param>
    /// <param name="timeProvider">The clock for recorded times; the system clock when null.</param>
    public CheckoutPaymentRepository(IEntityTable table, SaasUsersTableOptions options, TimeProvider? timeProvider = null)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        ArgumentNullException.ThrowIfNull(options);
        _retention = options.PaymentIdempotencyRetention;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public Task<RecordPaymentResult> RecordAsync(NewCheckoutPayment payment, SubscriptionChange? subscriptionChange = null, CancellationToken cancellationToken = default) =>
        RecordCoreAsync(payment, subscriptionChange, null, cancellationToken);

    /// <inheritdoc />
    public Task<RecordPaymentResult> RecordWithAsync(NewCheckoutPayment payment, SubscriptionChange? subscriptionChange, Action<TransactionBuilder> alongside, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alongside);
        return RecordCoreAsync(payment, subscriptionChange, alongside, cancellationToken);
    }

    private async Task<RecordPaymentResult> RecordCoreAsync(NewCheckoutPayment payment, SubscriptionChange? subscriptionChange, Action<TransactionBuilder>? alongside, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payment);
        payment = Validate(payment);
        var account = payment.Account;
        var now = _timeProvider.GetUtcNow();
        SubscriptionUpsert? upsert = null;
        if (subscriptionChange is not null)
        {
            upsert = SubscriptionUpsert.Create(subscriptionChange, now, nameof(subscriptionChange));
            if (upsert.Account != account)
            {
                throw new ArgumentException("The subscription change must be for the account that paid.", nameof(subscriptionChange));
            }
        }

        var stored = new CheckoutPayment
        {
            CheckoutSessionId = payment.CheckoutSessionId,
            AccountKind = account.StoredKind,
            AccountId = account.Id,
            PaymentProvider = payment.PaymentProvider,
            ProviderPaymentId = payment.ProviderPaymentId,
            Amount = payment.Amount,
            Status = payment.Status,
            SubscriptionId = payment.SubscriptionId,
            CreatedAt = now,
        };
        var record = new CheckoutRecord
        {
            PaymentProvider = payment.PaymentProvider,
            CheckoutSessionId = payment.CheckoutSessionId,
            AccountKind = account.StoredKind,
            AccountId = account.Id,
            PayloadHash = PaymentPayloadHash.Compute(payment),
            Payment = stored,
            CreatedAt = now,
            ExpiresAt = _retention is { } retention ? now + retention : null,
        };

        var transaction = new TransactionBuilder();
        var callerActions = CallerActions.AddTo(transaction, alongside);
        try
        {
            await _table.TransactWriteAsync(AddRecord(transaction, record, stored, upsert, now), cancellationToken).ConfigureAwait(false);
            return new RecordPaymentResult(RecordPaymentOutcome.Recorded, stored, upsert is null ? null : SubscriptionChangeOutcome.Applied, null);
        }
        catch (TransactionFailedException exception) when (!CallerActions.Failed(exception, callerActions))
        {
            if (exception.FailureOf(Labels.Record) is { Reason: TransactionFailureReason.ItemAlreadyExists, StoredItem: { } storedRecord })
            {
                var original = CheckoutRecord.Mapper.FromItem(storedRecord);
                if (original.PayloadHash == record.PayloadHash || IsPendingReplay(original.Payment, payment))
                {
                    return new RecordPaymentResult(RecordPaymentOutcome.AlreadyRecorded, original.Payment, null, null);
                }

                if (!IsSettlement(original.Payment, payment))
                {
                    throw new PaymentPayloadMismatchException(original.Payment, exception);
                }

                // The same checkout, pending before and final now: settle it, then apply the subscription change.
                var settled = await SettleRecordAsync(original, payment.Status, payment.ProviderPaymentId, alongside, cancellationToken).ConfigureAwait(false);
                if (subscriptionChange is null)
                {
                    return settled;
                }

                var change = await new SubscriptionRepository(_table, _timeProvider).ApplyChangeAsync(subscriptionChange, cancellationToken).ConfigureAwait(false);
                return settled with { SubscriptionChange = change.Outcome, SubscriptionChangeReason = change.Reason };
            }

            if (exception.FailureOf(Labels.Account) is { Reason: TransactionFailureReason.ItemNotFound } missingAccount)
            {
                throw missingAccount.ToException(exception)!;
            }

            if (exception.FailureOf(Labels.Account) is { Reason: TransactionFailureReason.ConditionFailed })
            {
                // The account is being deleted: no payment may join the collection the delete is sweeping.
                throw BillingAccountChecks.NotFound(account, exception);
            }

            if (upsert is not null && exception.Failures.Count == 1 && exception.FailureOf(Labels.Subscription) is { StoredItem: { } storedSubscription })
            {
                // The payment is good but the subscription change is stale or not allowed: record the payment alone.
                var (outcome, reason) = upsert.ExplainSkip(Subscription.Mapper.FromItem(storedSubscription));
                var retry = await RecordCoreAsync(payment, null, alongside, cancellationToken).ConfigureAwait(false);
                return retry with { SubscriptionChange = outcome, SubscriptionChangeReason = reason };
            }

            throw;
        }
    }

    /// <inheritdoc />
    public async Task<RecordPaymentResult> SettleAsync(string paymentProvider, string checkoutSessionId, PaymentStatus status, CancellationToken cancellationToken = default)
    {
        var key = CheckoutRecord.CreateKey(
            InputRules.Provider(paymentProvider, nameof(paymentProvider)),
            InputRules.Id(checkoutSessionId, nameof(checkoutSessionId)));
        if (status is not (PaymentStatus.Paid or PaymentStatus.Failed))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, $"'{nameof(status)}' must be {PaymentStatus.Paid} or {PaymentStatus.Failed}: a pending payment settles to one of them.");
        }

        var original = await _table.GetAsync<CheckoutRecord>(key, consistentRead: true, cancellationToken).ConfigureAwait(false)
            ?? throw new ItemNotFoundException(CheckoutRecord.Mapper.EntityType, key);
        if (original.Payment.Status == status)
        {
            return new RecordPaymentResult(RecordPaymentOutcome.AlreadyRecorded, original.Payment, null, null);
        }

        if (original.Payment.Status != PaymentStatus.Unpaid)
        {
            throw new PaymentPayloadMismatchException(original.Payment);
        }

        return await SettleRecordAsync(original, status, null, null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<RecordRefundResult> RecordRefundAsync(string paymentProvider, string checkoutSessionId, Money totalRefunded, DateTimeOffset refundedAt, CancellationToken cancellationToken = default) =>
        RecordRefundCoreAsync(paymentProvider, checkoutSessionId, totalRefunded, refundedAt, null, cancellationToken);

    /// <inheritdoc />
    public Task<RecordRefundResult> RecordRefundWithAsync(string paymentProvider, string checkoutSessionId, Money totalRefunded, DateTimeOffset refundedAt, Action<TransactionBuilder> alongside, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alongside);
        return RecordRefundCoreAsync(paymentProvider, checkoutSessionId, totalRefunded, refundedAt, alongside, cancellationToken);
    }

    private async Task<RecordRefundResult> RecordRefundCoreAsync(string paymentProvider, string checkoutSessionId, Money totalRefunded, DateTimeOffset refundedAt, Action<TransactionBuilder>? alongside, CancellationToken cancellationToken)
    {
        var recordKey = CheckoutRecord.CreateKey(
            InputRules.Provider(paymentProvider, nameof(paymentProvider)),
            InputRules.Id(checkoutSessionId, nameof(checkoutSessionId)));
        ArgumentNullException.ThrowIfNull(totalRefunded);
        var currency = InputRules.Currency(totalRefunded.Currency, nameof(totalRefunded));
        for (var attempt = 1; ; attempt++)
        {
            var original = await _table.GetAsync<CheckoutRecord>(recordKey, consistentRead: true, cancellationToken).ConfigureAwait(false)
                ?? throw new ItemNotFoundException(CheckoutRecord.Mapper.EntityType, recordKey);
            var payment = original.Payment;
            if (currency != payment.Amount.Currency || totalRefunded.AmountMinor < 1 || totalRefunded.AmountMinor > payment.Amount.AmountMinor)
            {
                throw new ArgumentException(
                    $"'{nameof(totalRefunded)}' must be from 1 to the amount paid ({payment.Amount}), in {payment.Amount.Currency}; it is {totalRefunded.AmountMinor} {currency}. Nothing was written.",
                    nameof(totalRefunded));
            }

            if (payment.AmountRefundedMinor >= totalRefunded.AmountMinor)
            {
                return new RecordRefundResult(RecordRefundOutcome.AlreadyRecorded, payment);
            }

            // The payment item's condition (its refunded total below this one) orders concurrent and late reports; the
            // record's (its payload hash as read) keeps a settlement that happened since the read.
            var refunded = payment with { AmountRefundedMinor = totalRefunded.AmountMinor, RefundedAt = refundedAt };
            var paymentKey = CheckoutPayment.Mapper.GetKey(payment);
            var transaction = new TransactionBuilder();
            var callerActions = CallerActions.AddTo(transaction, alongside);
            transaction
                .Update<CheckoutPayment>(paymentKey, update => update
                    .Set(CheckoutPayment.Fields.AmountRefundedMinor, totalRefunded.AmountMinor)
                    .Set(CheckoutPayment.Fields.RefundedAt, refundedAt)
                    .When(ItemCondition.NotExists(CheckoutPayment.Fields.AmountRefundedMinor) | ItemCondition.LessThan(CheckoutPayment.Fields.AmountRefundedMinor, (long?)totalRefunded.AmountMinor)), Labels.Payment)
                .Update<CheckoutRecord>(recordKey, update => update
                    .Set(CheckoutRecord.Fields.Payment, refunded)
                    .When(ItemCondition.Equal(CheckoutRecord.Fields.PayloadHash, original.PayloadHash)), Labels.Record)
                .AddAccountCheck(payment.Account, Labels.Account, null, _timeProvider.GetUtcNow());
            try
            {
                await _table.TransactWriteAsync(transaction, cancellationToken).ConfigureAwait(false);
                return new RecordRefundResult(RecordRefundOutcome.Refunded, refunded);
            }
            catch (TransactionFailedException exception) when (!CallerActions.Failed(exception, callerActions))
            {
                if (exception.FailureOf(Labels.Account) is not null)
                {
                    throw BillingAccountChecks.NotFound(payment.Account, exception);
                }

                if (exception.FailureOf(Labels.Payment) is { Reason: TransactionFailureReason.ItemNotFound })
                {
                    throw new ItemNotFoundException(CheckoutPayment.Mapper.EntityType, paymentKey, exception);
                }

                if (attempt >= MaxRefundAttempts)
                {
                    throw;
                }

                // Another refund or a settlement came in between: read again (a larger total stored now ends the loop).
            }
        }
    }

    /// <inheritdoc />
    public async Task<CheckoutPayment?> GetByCheckoutSessionAsync(string paymentProvider, string checkoutSessionId, CancellationToken cancellationToken = default)
    {
        var key = CheckoutRecord.CreateKey(
            InputRules.Provider(paymentProvider, nameof(paymentProvider)),
            InputRules.Id(checkoutSessionId, nameof(checkoutSessionId)));
        var record = await _table.GetAsync<CheckoutRecord>(key, consistentRead: true, cancellationToken).ConfigureAwait(false);
        return record?.Payment;
    }

    /// <inheritdoc />
    public Task<QueryPage<CheckoutPayment>> ListAsync(string userId, int pageSize = 20, string? cursor = null, CancellationToken cancellationToken = default) =>
        ListForAccountAsync(BillingAccount.ForUser(userId), pageSize, cursor, cancellationToken);

    /// <inheritdoc />
    public Task<QueryPage<CheckoutPayment>> ListForAccountAsync(BillingAccount account, int pageSize = 20, string? cursor = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var partitionKey = account.PartitionKey;
        if (pageSize is < 1 or > ItemQuery.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, $"pageSize must be from 1 to {ItemQuery.MaxPageSize}.");
        }

        return _table.QueryAsync<CheckoutPayment>(
            new ItemQuery(partitionKey) { SortKey = SortKeyCondition.BeginsWith(CheckoutPayment.Mapper.SortKey.LiteralPrefix), Descending = true, PageSize = pageSize, Cursor = cursor, CursorParameterName = nameof(cursor) },
            cancellationToken);
    }

    /// <summary>
    /// Settles the pending payment of <paramref name="original"/>: one transaction updating the checkout record (if
    /// its payload hash is still the one read) and the payment item (if it is still pending), with a check that the
    /// user exists. When another call settled it first, the stored result decides.
    /// </summary>
    private async Task<RecordPaymentResult> SettleRecordAsync(CheckoutRecord original, PaymentStatus status, string? providerPaymentId, Action<TransactionBuilder>? alongside, CancellationToken cancellationToken)
    {
        var pending = original.Payment;
        var settled = pending with { Status = status, ProviderPaymentId = pending.ProviderPaymentId ?? providerPaymentId };
        var recordKey = CheckoutRecord.Mapper.GetKey(original);
        var transaction = new TransactionBuilder();
        var callerActions = CallerActions.AddTo(transaction, alongside);
        transaction
            .Update<CheckoutRecord>(recordKey, update => update
                .Set(CheckoutRecord.Fields.Payment, settled)
                .Set(CheckoutRecord.Fields.PayloadHash, PaymentPayloadHash.Compute(ToNew(settled)))
                .When(ItemCondition.Equal(CheckoutRecord.Fields.PayloadHash, original.PayloadHash)), Labels.Record)
            .Update<CheckoutPayment>(CheckoutPayment.Mapper.GetKey(pending), update => update
                .Set(CheckoutPayment.Fields.Status, status)
                .Set(CheckoutPayment.Fields.ProviderPaymentId, settled.ProviderPaymentId)
                .When(ItemCondition.Equal(CheckoutPayment.Fields.Status, PaymentStatus.Unpaid)), Labels.Payment)
            .AddAccountCheck(pending.Account, Labels.Account, null, _timeProvider.GetUtcNow());
        try
        {
            await _table.TransactWriteAsync(transaction, cancellationToken).ConfigureAwait(false);
            return new RecordPaymentResult(RecordPaymentOutcome.Settled, settled, null, null);
        }
        catch (TransactionFailedException exception) when (!CallerActions.Failed(exception, callerActions))
        {
            if (exception.FailureOf(Labels.Account) is not null)
            {
                throw BillingAccountChecks.NotFound(pending.Account, exception);
            }

            // Settled (or deleted) by another call in the meantime: what is stored now decides.
            var current = await _table.GetAsync<CheckoutRecord>(recordKey, consistentRead: true, cancellationToken).ConfigureAwait(false)
                ?? throw new ItemNotFoundException(CheckoutRecord.Mapper.EntityType, recordKey, exception);
            return current.Payment.Status == status
                ? new RecordPaymentResult(RecordPaymentOutcome.AlreadyRecorded, current.Payment, null, null)
                : throw new PaymentPayloadMismatchException(current.Payment, exception);
        }
    }

    /// <summary>Whether <paramref name="incoming"/> is the final status of the pending <paramref name="stored"/> payment: same checkout, amount, user and ids.</summary>
    private static bool IsSettlement(CheckoutPayment stored, NewCheckoutPayment incoming) =>
        stored.Status == PaymentStatus.Unpaid && incoming.Status is PaymentStatus.Paid or PaymentStatus.Failed
        && SameCheckout(stored, incoming) && (stored.ProviderPaymentId is null || stored.ProviderPaymentId == incoming.ProviderPaymentId);

    /// <summary>Whether <paramref name="incoming"/> is a late delivery of the pending state of the since settled <paramref name="stored"/> payment.</summary>
    private static bool IsPendingReplay(CheckoutPayment stored, NewCheckoutPayment incoming) =>
        incoming.Status == PaymentStatus.Unpaid && stored.Status is PaymentStatus.Paid or PaymentStatus.Failed
        && SameCheckout(stored, incoming) && (incoming.ProviderPaymentId is null || stored.ProviderPaymentId == incoming.ProviderPaymentId);

    private static bool SameCheckout(CheckoutPayment stored, NewCheckoutPayment incoming) =>
        stored.PaymentProvider == incoming.PaymentProvider && stored.CheckoutSessionId == incoming.CheckoutSessionId
        && stored.Account == incoming.Account && stored.Amount == incoming.Amount && stored.SubscriptionId == incoming.SubscriptionId;

    private static NewCheckoutPayment ToNew(CheckoutPayment payment) => new()
    {
        PaymentProvider = payment.PaymentProvider,
        CheckoutSessionId = payment.CheckoutSessionId,
        UserId = payment.UserId,
        OrganizationId = payment.OrganizationId,
        Amount = payment.Amount,
        Status = payment.Status,
        ProviderPaymentId = payment.ProviderPaymentId,
        SubscriptionId = payment.SubscriptionId,
    };

    private static TransactionBuilder AddRecord(TransactionBuilder transaction, CheckoutRecord record, CheckoutPayment payment, SubscriptionUpsert? upsert, DateTimeOffset now)
    {
        transaction
            .Create(record, Labels.Record)
            .Create(payment, Labels.Payment)
            .AddAccountCheck(payment.Account, Labels.Account, upsert?.Seats, now);
        if (upsert is not null)
        {
            transaction.Upsert<Subscription>(upsert.Key, upsert.Describe, Labels.Subscription);
        }

        return transaction;
    }

    private static NewCheckoutPayment Validate(NewCheckoutPayment payment)
    {
        if (payment.Amount is null)
        {
            throw new ArgumentNullException(nameof(payment.Amount), "'Amount' is required.");
        }

        return payment with
        {
            PaymentProvider = InputRules.Provider(payment.PaymentProvider, nameof(payment.PaymentProvider)),
            CheckoutSessionId = InputRules.Id(payment.CheckoutSessionId, nameof(payment.CheckoutSessionId)),
            UserId = payment.Account.Kind == BillingAccountKind.User ? payment.Account.Id : null,
            OrganizationId = payment.Account.Kind == BillingAccountKind.Organization ? payment.Account.Id : null,
            Amount = new Money(
                InputRules.Amount(payment.Amount.AmountMinor, nameof(Money.AmountMinor)),
                InputRules.Currency(payment.Amount.Currency, nameof(Money.Currency))),
            Status = InputRules.Defined(payment.Status, nameof(payment.Status)),
            ProviderPaymentId = payment.ProviderPaymentId is null ? null : InputRules.Id(payment.ProviderPaymentId, nameof(payment.ProviderPaymentId)),
            SubscriptionId = payment.SubscriptionId is null ? null : InputRules.Id(payment.SubscriptionId, nameof(payment.SubscriptionId)),
        };
    }

    private static class Labels
    {
        public const string Record = "checkout-record";
        public const string Payment = "payment";
        public const string Account = "account";
        public const string Subscription = "subscription";
    }
}
