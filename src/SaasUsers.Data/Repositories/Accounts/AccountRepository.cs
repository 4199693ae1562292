using SaasUsers.Data.Validation;

namespace SaasUsers.Data;

/// <summary>The <see cref="IAccountRepository"/> on the single table, written on the public <see cref="IEntityTable"/> alone.</summary>
/// <remarks>
/// Three reads, sent at once, each bounded by its own sort key so that an application's own items in the user's
/// collection (README tells applications to key them under <c>USER#{UserId}</c>) can never push the package's items
/// out of a page: the user (<c>GetItem</c>), every subscription (<c>begins_with(SK, SUB#)</c>, paged), and the
/// newest payments (<c>begins_with(SK, PAY#)</c>, descending, one more than asked to know whether more follow).
/// </remarks>
internal sealed class AccountRepository : IAccountRepository
{
    private readonly IEntityTable _table;
    private readonly TimeProvider _timeProvider;
    private readonly SubscriptionRepository _subscriptions;

    /// <summary>Creates the repository.</summary>
    /// <param name="table">The table.</param>
    /// <param name="timeProvider">The clock for "active now"; the system clock when null.</param>
    public AccountRepository(IEntityTable table, TimeProvider? timeProvider = null)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _timeProvider = timeProvider ?? TimeProvider.System;
        _subscriptions = new SubscriptionRepository(table, _timeProvider);
    }

    /// <inheritdoc />
    public async Task<AccountOverview?> GetOverviewAsync(string userId, int latestPayments = 5, CancellationToken cancellationToken = default)
    {
        var key = User.CreateKey(InputRules.Id(userId, nameof(userId)));
        if (latestPayments is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(latestPayments), latestPayments, "latestPayments must be from 0 to 100.");
        }

        var paymentsQuery = new ItemQuery(key.PartitionKey)
        {
            SortKey = SortKeyCondition.BeginsWith(CheckoutPayment.Mapper.SortKey.LiteralPrefix),
            Descending = true,
            ConsistentRead = true,
            PageSize = latestPayments + 1,
        };
        var userRead = _table.GetAsync<User>(key, consistentRead: true, cancellationToken);
        var subscriptionsRead = _subscriptions.ListAsync(userId, cancellationToken);
        var paymentsRead = _table.QuerySinglePageAsync(paymentsQuery, cancellationToken);
        await Task.WhenAll(userRead, subscriptionsRead, paymentsRead).ConfigureAwait(false);

        var user = await userRead.ConfigureAwait(false);
        if (user is not { DeletedAt: null })
        {
            return null;
        }

        var subscriptions = await subscriptionsRead.ConfigureAwait(false);
        var payments = (await paymentsRead.ConfigureAwait(false)).Items.OfType<CheckoutPayment>().ToArray();
        return new AccountOverview(
            user,
            subscriptions,
            payments.Take(latestPayments).ToArray(),
            SubscriptionRepository.PickActive(subscriptions, _timeProvider.GetUtcNow()),
            payments.Length > latestPayments);
    }
}
