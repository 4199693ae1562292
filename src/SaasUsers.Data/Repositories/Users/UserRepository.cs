using SaasUsers.Data.Mapping;
using SaasUsers.Data.Validation;

namespace SaasUsers.Data;

/// <summary>The <see cref="IUserRepository"/> on the single table, written on the public <see cref="IEntityTable"/> alone.</summary>
internal sealed class UserRepository : IUserRepository
{
    private const string CursorMonth = "month";
    private const string CursorInner = "page";

    private readonly IEntityTable _table;
    private readonly TimeProvider _timeProvider;

    /// <summary>
    /// The condition every write for a user carries (with the user's existence): no delete has begun. Deleting a
    /// user sets <see cref="User.DeletedAt"/> first, so a write racing the delete is refused instead of leaving an
    /// orphan behind.
    /// </summary>
    internal static ItemCondition<User> NotDeleted => ItemCondition.NotExists(User.Fields.DeletedAt);

    /// <summary>The most sweeps of the item collection a delete makes while items keep appearing in it.</summary>
    internal const int MaxDeleteSweeps = CollectionSweeper.MaxSweeps;

    /// <summary>Creates the repository.</summary>
    /// <param name="table">The table.</param>
    /// <param name="timeProvider">The clock for created and updated times; the system clock when null.</param>
    public UserRepository(IEntityTable table, TimeProvider? timeProvider = null)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task<User> CreateAsync(NewUser newUser, CancellationToken cancellationToken = default)
    {
        var transaction = new TransactionBuilder();
        var user = AddCreate(transaction, newUser);

        // Mapped inside the table's operation, so its activity reports the exception the caller gets.
        transaction.MapFailure = exception =>
            exception.FailureOf(Labels.NewEmail(user.UserId))?.Reason == TransactionFailureReason.ItemAlreadyExists
                ? new DuplicateEmailException(user.NormalizedEmail, exception)
                : exception.FailureOf(Labels.User(user.UserId))?.ToException(exception);
        var written = await _table.TransactWriteAsync(transaction, cancellationToken).ConfigureAwait(false);
        return written.Written<User>(Labels.User(user.UserId));
    }

    /// <inheritdoc />
    public User AddCreate(TransactionBuilder transaction, NewUser newUser)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(newUser);
        var normalizedEmail = InputRules.NormalizeEmail(newUser.Email, nameof(newUser.Email));
        var userId = newUser.UserId is null ? Guid.NewGuid().ToString("N") : InputRules.Id(newUser.UserId, nameof(newUser.UserId));
        var now = _timeProvider.GetUtcNow();
        var user = new User
        {
            UserId = userId,
            Email = newUser.Email.Trim(),
            NormalizedEmail = normalizedEmail,
            DisplayName = InputRules.DisplayName(newUser.DisplayName, nameof(newUser.DisplayName)),
            Status = UserStatus.Active,
            Metadata = InputRules.Metadata(newUser.Metadata, nameof(newUser.Metadata)),
            CreatedAt = now,
            UpdatedAt = now,
            SignUpMonth = SignUpMonthOf(now),
        };
        var lookup = new EmailLookup { NormalizedEmail = normalizedEmail, UserId = userId, CreatedAt = now };

        transaction
            .Create(user, Labels.User(userId))
            .Create(lookup, Labels.NewEmail(userId));
        return user with { Version = 1 };
    }

    /// <inheritdoc />
    public async Task<User?> GetAsync(string userId, bool consistentRead = false, CancellationToken cancellationToken = default)
    {
        var user = await _table.GetAsync<User>(User.CreateKey(InputRules.Id(userId, nameof(userId))), consistentRead, cancellationToken).ConfigureAwait(false);
        return user is { DeletedAt: null } ? user : null;
    }

    /// <inheritdoc />
    public async Task<User?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        var normalizedEmail = InputRules.NormalizeEmail(email, nameof(email));
        // One item at most and no paging on: a single page, so no cursor is signed only to be dropped.
        var page = await _table.QuerySinglePageAsync(User.Indexes.ByEmail.Query(normalizedEmail) with { PageSize = 1 }, cancellationToken).ConfigureAwait(false);
        return page.Items is [User { DeletedAt: null } user] ? user : null;
    }

    /// <inheritdoc />
    public Task<User> UpdateProfileAsync(User user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var key = User.CreateKey(InputRules.Id(user.UserId, nameof(user.UserId)));
        var displayName = InputRules.DisplayName(user.DisplayName, nameof(user.DisplayName));
        var metadata = InputRules.Metadata(user.Metadata, nameof(user.Metadata));
        var status = InputRules.Defined(user.Status, nameof(user.Status));
        var now = _timeProvider.GetUtcNow();
        return UpdateLiveUserAsync(key, update => update
            .Set(User.Fields.DisplayName, displayName)
            .Set(User.Fields.Metadata, metadata)
            .Set(User.Fields.Status, status)
            .Set(User.Fields.UpdatedAt, now)
            .ExpectVersion(user.Version), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<User> ChangeEmailAsync(User user, string newEmail, CancellationToken cancellationToken = default)
    {
        var transaction = new TransactionBuilder();
        var changed = AddChangeEmail(transaction, user, newEmail);
        if (changed.NormalizedEmail == user.NormalizedEmail)
        {
            // Only the letter case changed: the sentinel stays, so the user's update alone is one UpdateItem.
            return await UpdateLiveUserAsync(User.CreateKey(user.UserId), EmailUpdate(user, changed), cancellationToken).ConfigureAwait(false);
        }

        TransactionResult result;
        try
        {
            result = await _table.TransactWriteAsync(transaction, cancellationToken).ConfigureAwait(false);
        }
        catch (TransactionFailedException exception)
        {
            if (exception.FailureOf(Labels.NewEmail(user.UserId))?.Reason == TransactionFailureReason.ItemAlreadyExists)
            {
                throw new DuplicateEmailException(changed.NormalizedEmail, exception);
            }

            if (exception.FailureOf(Labels.User(user.UserId)) is { Reason: TransactionFailureReason.VersionConflict or TransactionFailureReason.ItemNotFound } failed)
            {
                throw failed.ToException(exception)!;
            }

            if (exception.FailureOf(Labels.User(user.UserId)) is { Reason: TransactionFailureReason.ConditionFailed })
            {
                // Being deleted (DeletedAt set): there is no user to change.
                throw new ItemNotFoundException(User.Mapper.EntityType, User.CreateKey(user.UserId), exception);
            }

            throw;
        }

        return changed with { Version = result.VersionOf(Labels.User(user.UserId))!.Value };
    }

    /// <inheritdoc />
    public User AddChangeEmail(TransactionBuilder transaction, User user, string newEmail)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(user);
        var key = User.CreateKey(InputRules.Id(user.UserId, nameof(user.UserId)));
        var normalizedEmail = InputRules.NormalizeEmail(newEmail, nameof(newEmail));
        var changed = user with { Email = newEmail.Trim(), NormalizedEmail = normalizedEmail, UpdatedAt = _timeProvider.GetUtcNow(), Version = user.Version + 1 };
        transaction.Update(key, EmailUpdate(user, changed), Labels.User(user.UserId));
        if (normalizedEmail != user.NormalizedEmail)
        {
            transaction
                .Delete(EmailLookup.CreateKey(user.NormalizedEmail), condition: ItemCondition.Equal(EmailLookup.Fields.UserId, user.UserId), label: Labels.OldEmail(user.UserId))
                .Create(new EmailLookup { NormalizedEmail = normalizedEmail, UserId = user.UserId, CreatedAt = changed.UpdatedAt }, Labels.NewEmail(user.UserId));
        }

        return changed;
    }

    /// <summary>The update of the user item for an e-mail change (the normalized address only when it changes).</summary>
    private static Action<UpdateBuilder<User>> EmailUpdate(User user, User changed) => update =>
    {
        update.Set(User.Fields.Email, changed.Email).Set(User.Fields.UpdatedAt, changed.UpdatedAt).ExpectVersion(user.Version).When(NotDeleted);
        if (changed.NormalizedEmail != user.NormalizedEmail)
        {
            update.Set(User.Fields.NormalizedEmail, changed.NormalizedEmail);
        }
    };

    /// <inheritdoc />
    public Task<User> LinkPaymentCustomerAsync(string userId, string paymentProvider, string providerCustomerId, CancellationToken cancellationToken = default)
    {
        var (key, link) = DescribeLink(userId, paymentProvider, providerCustomerId);
        return UpdateLiveUserAsync(key, link, cancellationToken);
    }

    /// <inheritdoc />
    public void AddLinkPaymentCustomer(TransactionBuilder transaction, string userId, string paymentProvider, string providerCustomerId)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var (key, link) = DescribeLink(userId, paymentProvider, providerCustomerId);
        transaction.Update<User>(key, update => link(update.When(NotDeleted)));
    }

    /// <summary>The one shape of linking a payment customer, validated: the user's key and the update.</summary>
    private (PrimaryKey Key, Action<UpdateBuilder<User>> Link) DescribeLink(string userId, string paymentProvider, string providerCustomerId)
    {
        var key = User.CreateKey(InputRules.Id(userId, nameof(userId)));
        var provider = InputRules.Provider(paymentProvider, nameof(paymentProvider));
        var customerId = InputRules.Id(providerCustomerId, nameof(providerCustomerId));
        var now = _timeProvider.GetUtcNow();
        return (key, update => update
            .Set(User.Fields.PaymentProvider, provider)
            .Set(User.Fields.ProviderCustomerId, customerId)
            .Set(User.Fields.UpdatedAt, now));
    }

    /// <inheritdoc />
    public async Task<DeleteUserResult> DeleteAsync(string userId, CancellationToken cancellationToken = default)
    {
        var key = User.CreateKey(InputRules.Id(userId, nameof(userId)));

        // 0. A user who is the last owner of an organization is refused before anything is written: an organization
        //    keeps at least one owner (transfer the ownership, or delete the organization, first).
        var memberships = await MembershipWrites.ListAllAsync(_table, userId, cancellationToken).ConfigureAwait(false);
        await MembershipWrites.EnsureNotLastOwnerAsync(_table, memberships, cancellationToken).ConfigureAwait(false);

        // 1. Mark the user deleted, under the condition that the user exists. From then on every write for the user
        //    is refused (each carries NotDeleted), so nothing new can join the collection through the repositories,
        //    and the item names the e-mail address at delete time (a change of address before this is seen here).
        User? marked;
        try
        {
            marked = await _table.UpdateAsync<User>(key, update => update.Set(User.Fields.DeletedAt, _timeProvider.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        }
        catch (ItemNotFoundException)
        {
            // No user (or the delete already finished): still sweep, so orphans of an earlier failure go too.
            marked = null;
        }

        // 2. Sweep the collection (payments with their checkout records, subscriptions, the application's items)
        //    until nothing but the user item is left.
        // Before it, leave every organization, one transaction each (both directions of the membership and the
        //    organization's counters), so the seat is freed with the membership. No membership can be added any more:
        //    joining checks that the user is not being deleted. Read again after the mark, so a join just before it is seen.
        var deleted = 0;
        if (marked is not null || memberships.Count > 0)
        {
            foreach (var membership in await MembershipWrites.ListAllAsync(_table, userId, cancellationToken).ConfigureAwait(false))
            {
                deleted += await MembershipWrites.RemoveForDeletedUserAsync(_table, membership, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }
        }

        deleted += await SweepAsync(key, cancellationToken).ConfigureAwait(false);

        if (marked is not null)
        {
            // What else the user item owns ([DynamoOwnedBy]), but the sentinel, which goes under its own condition.
            var sentinel = EmailLookup.CreateKey(marked.NormalizedEmail);
            var ownedByUser = _table.Model.OwnedKeysOf(marked).Where(k => k != sentinel).ToArray();
            if (ownedByUser.Length > 0)
            {
                var batch = new BatchWriteBuilder();
                foreach (var ownedKey in ownedByUser)
                {
                    batch.Delete(ownedKey);
                }

                await _table.BatchWriteAsync(batch, cancellationToken).ConfigureAwait(false);
                deleted += batch.Count;
            }

            // 3. The e-mail sentinel the user item names, only if it is still this user's (after a delete that was
            //    cut short, the address may already belong to someone else).
            deleted += await DeleteIfPresentAsync<EmailLookup>(sentinel, ItemCondition.Equal(EmailLookup.Fields.UserId, marked.UserId), cancellationToken).ConfigureAwait(false);

            // 4. The user item last: while it exists, deleting again finds everything through it.
            deleted += await DeleteIfPresentAsync<User>(key, ItemCondition.Exists(User.Fields.DeletedAt), cancellationToken).ConfigureAwait(false);

            // 5. An application item written under the user between the last sweep and now.
            deleted += await SweepAsync(key, cancellationToken).ConfigureAwait(false);
        }

        return new DeleteUserResult(marked is not null, deleted);
    }

    /// <summary>Deletes every item of the user's collection but the user item, sweeping again while items remain.</summary>
    private Task<int> SweepAsync(PrimaryKey userKey, CancellationToken cancellationToken) =>
        CollectionSweeper.SweepAsync(_table, userKey.PartitionKey, static item => item is User, null, cancellationToken);

    private Task<int> DeleteIfPresentAsync<T>(PrimaryKey key, ItemCondition<T> condition, CancellationToken cancellationToken)
        where T : class, IDynamoEntity<T> =>
        CollectionSweeper.DeleteIfPresentAsync(_table, key, condition, cancellationToken);

    /// <summary>An update of a user that exists and is not being deleted; a user being deleted is not found.</summary>
    private async Task<User> UpdateLiveUserAsync(PrimaryKey key, Action<UpdateBuilder<User>> update, CancellationToken cancellationToken)
    {
        try
        {
            return await _table.UpdateAsync<User>(key, u => update(u.When(NotDeleted)), cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionFailedException exception) when (exception is not ItemNotFoundException
            && (exception is not VersionConflictException || exception.StoredItem?.ContainsKey(User.Fields.DeletedAt.AttributeName) == true))
        {
            // Being deleted (DeletedAt set; marking it bumped the version too): there is no user to change.
            throw new ItemNotFoundException(User.Mapper.EntityType, key, exception);
        }
    }

    /// <inheritdoc />
    public async Task<QueryPage<User>> ListBySignUpDateAsync(SignUpListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.From > query.To)
        {
            throw new ArgumentException("From must not be after To.", nameof(query.From));
        }

        if (query.PageSize is < 1 or > ItemQuery.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(query.PageSize), query.PageSize, $"PageSize must be from 1 to {ItemQuery.MaxPageSize}.");
        }

        // The listing's own cursor carries the month it has reached and the cursor of the query inside that month.
        var scope = "signup-listing|" + AttributeValueConverter.FormatTimestamp(query.From) + "|" + AttributeValueConverter.FormatTimestamp(query.To);
        var firstMonth = SignUpMonthOf(query.From);
        var month = SignUpMonthOf(query.To);
        string? monthCursor = null;
        if (query.Cursor is not null)
        {
            var state = _table.UnprotectCursor(query.Cursor, scope, nameof(query.Cursor));
            month = state.TryGetValue(CursorMonth, out var m) ? m : throw new InvalidCursorException(InvalidCursorReason.Malformed, nameof(query.Cursor));
            monthCursor = state.TryGetValue(CursorInner, out var inner) ? inner : null;
        }

        var page = await _table.QueryAsync<User>(
            User.Indexes.BySignUpMonth.Query(month) with
            {
                SortKey = User.Indexes.BySignUpMonth.SortKeys.Between(query.From, query.To),
                Descending = true,
                PageSize = query.PageSize,
                Cursor = monthCursor,
                CursorParameterName = nameof(query.Cursor),
            },
            cancellationToken).ConfigureAwait(false);

        string? next = null;
        if (page.NextCursor is { } more)
        {
            next = _table.ProtectCursor(scope, new Dictionary<string, string>(StringComparer.Ordinal) { [CursorMonth] = month, [CursorInner] = more });
        }
        else if (string.CompareOrdinal(month, firstMonth) > 0)
        {
            next = _table.ProtectCursor(scope, new Dictionary<string, string>(StringComparer.Ordinal) { [CursorMonth] = PreviousMonth(month) });
        }

        return new QueryPage<User>(page.Items.Where(u => u.DeletedAt is null).ToList(), next);
    }

    /// <summary>The sign-up month of a time: <c>yyyy-MM</c> in UTC.</summary>
    internal static string SignUpMonthOf(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    private static string PreviousMonth(string month)
    {
        var date = DateTime.ParseExact(month + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return date.AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Action labels, per user: a caller's transaction may hold the sign-ups of several users.</summary>
    private static class Labels
    {
        public static string User(string userId) => "user:" + userId;

        public static string NewEmail(string userId) => "new-email:" + userId;

        public static string OldEmail(string userId) => "old-email:" + userId;
    }
}
