using SaasUsers.Data.Validation;

namespace SaasUsers.Data;

/// <summary>The <see cref="IAccountRepository"/> on the single table, written on the public <see cref="IEntityTable"/> alone.</summary>
/// <remarks>
/// The user's item collection sorts <c>PAY#...</c> &lt; <c>SUB#...</c> &lt; <c>USER</c>, so one descending query
/// from <c>USER</c> reads the user, then the subscriptions, then the payments newest first; the page size bounds
/// how many payments it reads.
/// </remarks>
internal sealed class AccountRepository : IAccountRepository
{
    private readonly IEntityTable _table;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the repository.</summary>
    /// <param name="table">The table.</param>
    /// <param name="timeProvider">The clock for "active now"; the system clock when null.</param>
    public AccountRepository(IEntityTable table, TimeProvider? timeProvider = null)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task<AccountOverview?> GetOverviewAsync(string userId, int latestPayments = 5, CancellationToken cancellationToken = default)
    {
        var partitionKey = User.CreatePartitionKey(InputRules.Id(userId, nameof(userId)));
        if (latestPayments is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(latestPayments), latestPayments, "latestPayments must be from 0 to 100.");
        }

        var query = new ItemQuery(partitionKey)
        {
            SortKey = SortKeyCondition.LessThanOrEqual(User.Mapper.SortKey.Pattern),
            Descending = true,
            ConsistentRead = true,
            PageSize = 1 + IAccountRepository.MaxOverviewSubscriptions + latestPayments,
        };
        // One page and no paging: no cursor to sign.
        var result = await _table.QuerySinglePageAsync(query, cancellationToken).ConfigureAwait(false);
        var page = result.Items;
        var hasMore = result.HasMore;
        var user = page.OfType<User>().FirstOrDefault();
        if (user is null)
        {
            return null;
        }

        var subscriptions = page.OfType<Subscription>().Take(IAccountRepository.MaxOverviewSubscriptions).ToArray();
        var payments = page.OfType<CheckoutPayment>().ToArray();
        return new AccountOverview(
            user,
            subscriptions,
            payments.Take(latestPayments).ToArray(),
            SubscriptionRepository.PickActive(subscriptions, _timeProvider.GetUtcNow()),
            payments.Length > latestPayments || hasMore);
    }
}
