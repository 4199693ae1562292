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
    public Task<IReadOnlyList<Subscription>> ListAsync(string userId, CancellationToken cancellationToken = default) =>
        ListForAccountAsync(BillingAccount.ForUser(userId), cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Subscription>> ListForAccountAsync(BillingAccount account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var query = new ItemQuery(account.PartitionKey)
        {
            SortKey = SortKeyCondition.BeginsWith(Subscription.Mapper.SortKey.LiteralPrefix),
            ConsistentRead = true,
            PageSize = ItemQuery.MaxPageSize,
        };
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
    public Task<Subscription?> GetActiveAsync(string userId, CancellationToken cancellationToken = default) =>
        GetActiveForAccountAsync(BillingAccount.ForUser(userId), cancellationToken);

    /// <inheritdoc />
    public async Task<Subscription?> GetActiveForAccountAsync(BillingAccount account, CancellationToken cancellationToken = default)
    {
        var subscriptions = await ListForAccountAsync(account, cancellationToken).ConfigureAwait(false);
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
        var now = _timeProvider.GetUtcNow();
        var upsert = SubscriptionUpsert.Create(change, now, nameof(change));

        // The account must exist and not be being deleted, in the same transaction as the upsert: a late webhook for a
        // deleted (or never created) account must not write a subscription that provider-id lookups would then find.
        // An organization's seat count follows the change in the same transaction, so only an applied change sets it.
        var transaction = new TransactionBuilder();
        var callerActions = CallerActions.AddTo(transaction, alongside);
        transaction
            .AddAccountCheck(upsert.Account, Labels.Account, upsert.Seats, now)
            .Upsert<Subscription>(upsert.Key, upsert.Describe, Labels.Subscription);
        try
        {
            await _table.TransactWriteAsync(transaction, cancellationToken).ConfigureAwait(false);
        }
        catch (TransactionFailedException exception) when (!CallerActions.Failed(exception, callerActions))
        {
            if (exception.FailureOf(Labels.Account) is { Reason: TransactionFailureReason.ItemNotFound or TransactionFailureReason.ConditionFailed })
            {
                return new SubscriptionChangeResult(
                    SubscriptionChangeOutcome.SkippedAccountNotFound,
                    null,
                    $"The {upsert.Account} does not exist or is being deleted; nothing was written.");
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
        var page = await _table.QuerySinglePageAsync(query with { PageSize = 1 }, cancellationToken).ConfigureAwait(false);
        return page.Items is [Subscription subscription] ? subscription : null;
    }

    /// <inheritdoc />
    public async Task<CustomerAccount?> FindByProviderCustomerIdAsync(string paymentProvider, string providerCustomerId, CancellationToken cancellationToken = default)
    {
        // The account (a user or an organization) and the customer's subscriptions share one partition of the customer index.
        var query = User.Indexes.ByCustomer.Query(
            InputRules.Provider(paymentProvider, nameof(paymentProvider)),
            InputRules.Id(providerCustomerId, nameof(providerCustomerId)));
        var page = await _table.QueryAsync(query with { PageSize = ItemQuery.MaxPageSize }, cancellationToken).ConfigureAwait(false);
        if (page.OfType<User>().FirstOrDefault(u => u.DeletedAt is null) is { } user)
        {
            var account = BillingAccount.ForUser(user.UserId);
            return new CustomerAccount(account, user, null, page.OfType<Subscription>().Where(s => s.UserId == user.UserId).ToArray());
        }

        if (page.OfType<Organization>().FirstOrDefault(o => o.DeletedAt is null) is { } organization)
        {
            var account = BillingAccount.ForOrganization(organization.OrganizationId);
            return new CustomerAccount(account, null, organization, page.OfType<Subscription>().Where(s => s.OrganizationId == organization.OrganizationId).ToArray());
        }

        return null;
    }

    private static class Labels
    {
        public const string Account = "account";
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
