namespace SaasUsers.Data;

/// <summary>Reads an account's activity log.</summary>
public interface IActivityLog
{
    /// <summary>
    /// Reads one page of a user's activity, newest first (one <c>Query</c>). Entries past their retention are left
    /// out even before time to live deletes them.
    /// </summary>
    /// <param name="userId">The user.</param>
    /// <param name="pageSize">The most entries, 1 to 1000.</param>
    /// <param name="cursor">The cursor of the page before (<see cref="QueryPage{T}.NextCursor"/>), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="InvalidCursorException">The cursor was changed, belongs to another account's log, or expired.</exception>
    Task<QueryPage<ActivityEntry>> ListForUserAsync(string userId, int pageSize = 50, string? cursor = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads one page of an organization's activity (subscriptions, payments, members joining and leaving), newest
    /// first (one <c>Query</c>), as <see cref="ListForUserAsync"/> does for a user.
    /// </summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="pageSize">The most entries, 1 to 1000.</param>
    /// <param name="cursor">The cursor of the page before (<see cref="QueryPage{T}.NextCursor"/>), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="InvalidCursorException">The cursor was changed, belongs to another account's log, or expired.</exception>
    Task<QueryPage<ActivityEntry>> ListForOrganizationAsync(string organizationId, int pageSize = 50, string? cursor = null, CancellationToken cancellationToken = default);
}

/// <summary>The <see cref="IActivityLog"/> on the table.</summary>
public sealed class ActivityLog : IActivityLog
{
    private readonly IEntityTable _table;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the log reader.</summary>
    /// <param name="table">The table.</param>
    /// <param name="timeProvider">The clock that decides what has expired; the system clock when null.</param>
    public ActivityLog(IEntityTable table, TimeProvider? timeProvider = null)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public Task<QueryPage<ActivityEntry>> ListForUserAsync(string userId, int pageSize = 50, string? cursor = null, CancellationToken cancellationToken = default) =>
        ListAsync(ActivityEntry.UserAccount, Validation.InputRules.Id(userId, nameof(userId)), pageSize, cursor, cancellationToken);

    /// <inheritdoc />
    public Task<QueryPage<ActivityEntry>> ListForOrganizationAsync(string organizationId, int pageSize = 50, string? cursor = null, CancellationToken cancellationToken = default) =>
        ListAsync(ActivityEntry.OrganizationAccount, Validation.InputRules.Id(organizationId, nameof(organizationId)), pageSize, cursor, cancellationToken);

    private async Task<QueryPage<ActivityEntry>> ListAsync(string accountKind, string id, int pageSize, string? cursor, CancellationToken cancellationToken)
    {
        if (pageSize is < 1 or > ItemQuery.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, $"pageSize must be from 1 to {ItemQuery.MaxPageSize}.");
        }

        var page = await _table.QueryAsync<ActivityEntry>(
            new ItemQuery(ActivityEntry.CreatePartitionKey(accountKind, id)) { Descending = true, PageSize = pageSize, Cursor = cursor },
            cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        return page.Items.Any(e => e.ExpiresAt <= now)
            ? new QueryPage<ActivityEntry>(page.Items.Where(e => e.ExpiresAt is null || e.ExpiresAt > now).ToArray(), page.NextCursor)
            : page;
    }
}
