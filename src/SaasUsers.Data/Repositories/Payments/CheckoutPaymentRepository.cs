using SaasUsers.Data.Validation;

namespace SaasUsers.Data;

/// <summary>The <see cref="ICheckoutPaymentRepository"/> on the single table, written on the public <see cref="IEntityTable"/> alone.</summary>
internal sealed class CheckoutPaymentRepository : ICheckoutPaymentRepository
{
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
    public async Task<RecordPaymentResult> RecordAsync(NewCheckoutPayment payment, SubscriptionChange? subscriptionChange = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payment);
        payment = Validate(payment);
        var now = _timeProvider.GetUtcNow();
        SubscriptionUpsert? upsert = null;
        if (subscriptionChange is not null)
        {
            upsert = SubscriptionUpsert.Create(subscriptionChange, now, nameof(subscriptionChange));
            if (subscriptionChange.UserId != payment.UserId)
            {
                throw new ArgumentException("The subscription change must be for the user who paid.", nameof(subscriptionChange));
            }
        }

        var stored = new CheckoutPayment
        {
            CheckoutSessionId = payment.CheckoutSessionId,
            UserId = payment.UserId,
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
            UserId = payment.UserId,
            PayloadHash = PaymentPayloadHash.Compute(payment),
            Payment = stored,
            CreatedAt = now,
            ExpiresAt = _retention is { } retention ? now + retention : null,
        };

        try
        {
            await _table.TransactWriteAsync(BuildTransaction(record, stored, upsert), cancellationToken).ConfigureAwait(false);
            return new RecordPaymentResult(RecordPaymentOutcome.Recorded, stored, upsert is null ? null : SubscriptionChangeOutcome.Applied, null);
        }
        catch (TransactionFailedException exception)
        {
            if (exception.FailureOf(Labels.Record) is { Reason: TransactionFailureReason.ItemAlreadyExists, StoredItem: { } storedRecord })
            {
                var original = CheckoutRecord.Mapper.FromItem(storedRecord);
                return original.PayloadHash == record.PayloadHash
                    ? new RecordPaymentResult(RecordPaymentOutcome.AlreadyRecorded, original.Payment, null, null)
                    : throw new PaymentPayloadMismatchException(original.Payment, exception);
            }

            if (exception.FailureOf(Labels.User) is { Reason: TransactionFailureReason.ItemNotFound } missingUser)
            {
                throw missingUser.ToException(exception)!;
            }

            if (upsert is not null && exception.Failures.Count == 1 && exception.FailureOf(Labels.Subscription) is { StoredItem: { } storedSubscription })
            {
                // The payment is good but the subscription change is stale or not allowed: record the payment alone.
                var (outcome, reason) = upsert.ExplainSkip(Subscription.Mapper.FromItem(storedSubscription));
                var retry = await RecordAsync(payment, null, cancellationToken).ConfigureAwait(false);
                return retry with { SubscriptionChange = outcome, SubscriptionChangeReason = reason };
            }

            throw;
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
    public Task<QueryPage<CheckoutPayment>> ListAsync(string userId, int pageSize = 20, string? cursor = null, CancellationToken cancellationToken = default)
    {
        var partitionKey = User.CreatePartitionKey(InputRules.Id(userId, nameof(userId)));
        if (pageSize is < 1 or > ItemQuery.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, $"pageSize must be from 1 to {ItemQuery.MaxPageSize}.");
        }

        return _table.QueryAsync<CheckoutPayment>(
            new ItemQuery(partitionKey) { Descending = true, PageSize = pageSize, Cursor = cursor, CursorParameterName = nameof(cursor) },
            cancellationToken);
    }

    private TransactionBuilder BuildTransaction(CheckoutRecord record, CheckoutPayment payment, SubscriptionUpsert? upsert)
    {
        var transaction = new TransactionBuilder()
            .Create(record, Labels.Record)
            .Create(payment, Labels.Payment)
            .Check<User>(User.CreateKey(payment.UserId), label: Labels.User);
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
            UserId = InputRules.Id(payment.UserId, nameof(payment.UserId)),
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
        public const string User = "user";
        public const string Subscription = "subscription";
    }
}
