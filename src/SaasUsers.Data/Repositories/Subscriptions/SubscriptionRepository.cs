using SaasUsers.Data.Validation;

namespace SaasUsers.Data;

/// <summary>The <see cref="ISubscriptionRepository"/> on the single table, written on the public <see cref="IEntityTable"/> alone.</summary>
internal sealed class SubscriptionRepository : ISubscriptionRepository
{
    private readonly IEntityTable _table;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the repository.</summary>
    /// <param name="table">The table.</param>
    /// <param name="timeProvider">The clock for created and updated times and "active now"; the system clock when null.</param>
    public SubscriptionRepository(IEntityTable table, TimeProvider? timeProvider = null)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Subscription>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        var query = new ItemQuery(User.CreatePartitionKey(InputRules.Id(userId, nameof(userId)))) { ConsistentRead = true, PageSize = ItemQuery.MaxPageSize };
        var subscriptions = new List<Subscription>();
        do
        {
            var page = await _table.QueryAsync<Subscription>(query, cancellationToken).ConfigureAwait(false);
            subscriptions.AddRange(page.Items);
            query = query with { Cursor = page.NextCursor };
        }
        while (query.Cursor is not null);

        return subscriptions;
    }

    /// <inheritdoc />
    public async Task<Subscription?> GetActiveAsync(string userId, CancellationToken cancellationToken = default)
    {
        var subscriptions = await ListAsync(userId, cancellationToken).ConfigureAwait(false);
        return PickActive(subscriptions, _timeProvider.GetUtcNow());
    }

    /// <inheritdoc />
    public Task<SubscriptionChangeResult> ApplyChangeAsync(SubscriptionChange change, CancellationToken cancellationToken = default) =>
        ApplyAsync(change, null, cancellationToken);

    /// <inheritdoc />
    public Task<SubscriptionChangeResult> ApplyChangeWithAsync(SubscriptionChange change, Action<TransactionBuilder> alongside, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alongside);
        return ApplyAsync(change, alongside, cancellationToken);
    }

    private async Task<SubscriptionChangeResult> ApplyAsync(SubscriptionChange change, Action<TransactionBuilder>? alongside, CancellationToken cancellationToken)
    {
        var upsert = SubscriptionUpsert.Create(change, _timeProvider.GetUtcNow(), nameof(change));

        // The user must exist and not be being deleted, in the same transaction as the upsert: a late webhook for a
        // deleted (or never created) user must not write a subscription that provider-id lookups would then find.
        var transaction = new TransactionBuilder();
        var callerActions = CallerActions.AddTo(transaction, alongside);
        transaction
            .Check(User.CreateKey(change.UserId), UserRepository.NotDeleted, Labels.User)
            .Upsert<Subscription>(upsert.Key, upsert.Describe, Labels.Subscription);
        try
        {
            await _table.TransactWriteAsync(transaction, cancellationToken).ConfigureAwait(false);
        }
        catch (TransactionFailedException exception) when (!CallerActions.Failed(exception, callerActions))
        {
            if (exception.FailureOf(Labels.User) is { Reason: TransactionFailureReason.ItemNotFound or TransactionFailureReason.ConditionFailed })
            {
                return new SubscriptionChangeResult(
                    SubscriptionChangeOutcome.SkippedUserNotFound,
                    null,
                    $"User {change.UserId} does not exist or is being deleted; nothing was written.");
            }

            if (exception.FailureOf(Labels.Subscription) is { StoredItem: { } stored })
            {
                var current = Subscription.Mapper.FromItem(stored);
                var (outcome, reason) = upsert.ExplainSkip(current);
                return new SubscriptionChangeResult(outcome, current, reason);
            }

            throw;
        }

        // A transaction returns no item: read the subscription as stored (strongly consistent).
        var applied = await _table.GetAsync<Subscription>(upsert.Key, consistentRead: true, cancellationToken).ConfigureAwait(false);
        return new SubscriptionChangeResult(SubscriptionChangeOutcome.Applied, applied, null);
    }

    /// <inheritdoc />
    public async Task<Subscription?> FindByProviderSubscriptionIdAsync(string paymentProvider, string providerSubscriptionId, CancellationToken cancellationToken = default)
    {
        var query = Subscription.Indexes.ByProviderSubscription.Query(
            InputRules.Provider(paymentProvider, nameof(paymentProvider)),
            InputRules.Id(providerSubscriptionId, nameof(providerSubscriptionId)));
        var page = await _table.QueryAsync<Subscription>(query with { PageSize = 1 }, cancellationToken).ConfigureAwait(false);
        return page.Items.Count > 0 ? page.Items[0] : null;
    }

    /// <inheritdoc />
    public async Task<CustomerAccount?> FindByProviderCustomerIdAsync(string paymentProvider, string providerCustomerId, CancellationToken cancellationToken = default)
    {
        // The user and the customer's subscriptions share one partition of the customer index.
        var query = User.Indexes.ByCustomer.Query(
            InputRules.Provider(paymentProvider, nameof(paymentProvider)),
            InputRules.Id(providerCustomerId, nameof(providerCustomerId)));
        var page = await _table.QueryAsync(query with { PageSize = ItemQuery.MaxPageSize }, cancellationToken).ConfigureAwait(false);
        var user = page.OfType<User>().FirstOrDefault(u => u.DeletedAt is null);
        return user is null ? null : new CustomerAccount(user, page.OfType<Subscription>().Where(s => s.UserId == user.UserId).ToArray());
    }

    private static class Labels
    {
        public const string User = "user";
        public const string Subscription = "subscription";
    }

    /// <summary>The subscription that gives access at <paramref name="now"/>: active before trialing, then the latest-ending.</summary>
    internal static Subscription? PickActive(IEnumerable<Subscription> subscriptions, DateTimeOffset now) =>
        subscriptions
            .Where(s => s.IsActiveAt(now))
            .OrderBy(s => s.Status == SubscriptionStatus.Active ? 0 : 1)
            .ThenByDescending(s => s.CurrentPeriodEnd ?? DateTimeOffset.MaxValue)
            .FirstOrDefault();
}
