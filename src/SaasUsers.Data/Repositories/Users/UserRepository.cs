using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Mapping;
using SaasUsers.Data.Repositories;
using SaasUsers.Data.Validation;

namespace SaasUsers.Data;

/// <summary>The <see cref="IUserRepository"/> on the single table.</summary>
public sealed class UserRepository : IUserRepository
{
    private const int EmailIndex = 1;
    private const int SignUpIndex = 3;
    private const string CursorMonthAttribute = "$month";

    private readonly EntityTable _table;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the repository.</summary>
    /// <param name="table">The table.</param>
    /// <param name="timeProvider">The clock for created and updated times; the system clock when null.</param>
    public UserRepository(EntityTable table, TimeProvider? timeProvider = null)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _timeProvider = timeProvider ?? table.TimeProvider;
    }

    /// <inheritdoc />
    public async Task<User> CreateAsync(NewUser newUser, CancellationToken cancellationToken = default)
    {
        var transaction = new TransactionBuilder();
        var user = AddCreate(transaction, newUser);
        try
        {
            await _table.TransactWriteAsync(transaction, cancellationToken).ConfigureAwait(false);
        }
        catch (TransactionFailedException exception)
        {
            if (exception.FailureOf(Labels.NewEmail)?.Reason == TransactionFailureReason.ItemAlreadyExists)
            {
                throw new DuplicateEmailException(user.NormalizedEmail, exception);
            }

            if (exception.FailureOf(Labels.User)?.Reason == TransactionFailureReason.ItemAlreadyExists)
            {
                throw new ItemAlreadyExistsException(User.Mapper.EntityType, User.CreateKey(user.UserId), exception);
            }

            throw;
        }

        return user;
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
            .Create(user, Labels.User)
            .Create(lookup, Labels.NewEmail);
        return user with { Version = 1 };
    }

    /// <inheritdoc />
    public Task<User?> GetAsync(string userId, bool consistentRead = false, CancellationToken cancellationToken = default) =>
        _table.GetAsync<User>(User.CreateKey(InputRules.Id(userId, nameof(userId))), consistentRead, cancellationToken);

    /// <inheritdoc />
    public async Task<User?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        var normalizedEmail = InputRules.NormalizeEmail(email, nameof(email));
        var partitionKey = IndexKeys.PartitionKey<User>(EmailIndex, (User.Fields.NormalizedEmail.AttributeName, normalizedEmail));
        var page = await _table.QueryAsync<User>(new ItemQuery(partitionKey) { Index = EmailIndex, PageSize = 1 }, cancellationToken).ConfigureAwait(false);
        return page.Items.Count > 0 ? page.Items[0] : null;
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
        return _table.UpdateAsync<User>(key, update => update
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
        var key = User.CreateKey(user.UserId);
        try
        {
            await _table.TransactWriteAsync(transaction, cancellationToken).ConfigureAwait(false);
        }
        catch (TransactionFailedException exception)
        {
            if (exception.FailureOf(Labels.NewEmail)?.Reason == TransactionFailureReason.ItemAlreadyExists)
            {
                throw new DuplicateEmailException(changed.NormalizedEmail, exception);
            }

            switch (exception.FailureOf(Labels.User))
            {
                case { Reason: TransactionFailureReason.VersionConflict } conflict:
                    throw new VersionConflictException(User.Mapper.EntityType, key, user.Version, StoredVersion(conflict.StoredItem), exception);
                case { Reason: TransactionFailureReason.ItemNotFound }:
                    throw new ItemNotFoundException(User.Mapper.EntityType, key, exception);
            }

            throw;
        }

        return changed;
    }

    /// <inheritdoc />
    public User AddChangeEmail(TransactionBuilder transaction, User user, string newEmail)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(user);
        var key = User.CreateKey(InputRules.Id(user.UserId, nameof(user.UserId)));
        var normalizedEmail = InputRules.NormalizeEmail(newEmail, nameof(newEmail));
        var email = newEmail.Trim();
        var now = _timeProvider.GetUtcNow();
        if (normalizedEmail == user.NormalizedEmail)
        {
            // Only the letter case changed: the sentinel item stays.
            transaction.Update<User>(key, update => update
                .Set(User.Fields.Email, email)
                .Set(User.Fields.UpdatedAt, now)
                .ExpectVersion(user.Version), Labels.User);
        }
        else
        {
            transaction
                .Update<User>(key, update => update
                    .Set(User.Fields.Email, email)
                    .Set(User.Fields.NormalizedEmail, normalizedEmail)
                    .Set(User.Fields.UpdatedAt, now)
                    .ExpectVersion(user.Version), Labels.User)
                .Delete(EmailLookup.CreateKey(user.NormalizedEmail), condition: Condition.Equal(EmailLookup.Fields.UserId, user.UserId), label: Labels.OldEmail)
                .Create(new EmailLookup { NormalizedEmail = normalizedEmail, UserId = user.UserId, CreatedAt = now }, Labels.NewEmail);
        }

        return user with { Email = email, NormalizedEmail = normalizedEmail, UpdatedAt = now, Version = user.Version + 1 };
    }

    /// <inheritdoc />
    public Task<User> LinkPaymentCustomerAsync(string userId, string paymentProvider, string providerCustomerId, CancellationToken cancellationToken = default)
    {
        var key = User.CreateKey(InputRules.Id(userId, nameof(userId)));
        var provider = InputRules.Provider(paymentProvider, nameof(paymentProvider));
        var customerId = InputRules.Id(providerCustomerId, nameof(providerCustomerId));
        var now = _timeProvider.GetUtcNow();
        return _table.UpdateAsync<User>(key, update => update
            .Set(User.Fields.PaymentProvider, provider)
            .Set(User.Fields.ProviderCustomerId, customerId)
            .Set(User.Fields.UpdatedAt, now), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<DeleteUserResult> DeleteAsync(string userId, CancellationToken cancellationToken = default)
    {
        var partitionKey = User.CreatePartitionKey(InputRules.Id(userId, nameof(userId)));
        var lookups = new List<PrimaryKey>();
        var owned = new List<PrimaryKey>();
        PrimaryKey? profile = null;
        string? cursor = null;
        do
        {
            var query = new ItemQuery(partitionKey) { ConsistentRead = true, PageSize = ItemQuery.MaxPageSize, Cursor = cursor };
            var (items, next) = await _table.QueryItemsAsync(query, User.Mapper.EntityType, cancellationToken).ConfigureAwait(false);
            foreach (var item in items)
            {
                switch (_table.Decode(item))
                {
                    case User user:
                        profile = User.CreateKey(user.UserId);
                        lookups.Add(EmailLookup.CreateKey(user.NormalizedEmail));
                        break;
                    case CheckoutPayment payment:
                        lookups.Add(CheckoutRecord.CreateKey(payment.PaymentProvider, payment.CheckoutSessionId));
                        owned.Add(CheckoutPayment.Mapper.GetKey(payment));
                        break;
                    default:
                        owned.Add(new PrimaryKey(item[ItemAttributeNames.PartitionKey].S, item[ItemAttributeNames.SortKey].S));
                        break;
                }
            }

            cursor = next;
        }
        while (cursor is not null);

        // Lookup items go first and the profile last: if the call is cut short, running it again still finds
        // every lookup item through the items that remain.
        var batch = new BatchWriteBuilder();
        foreach (var key in lookups.Concat(owned).Distinct())
        {
            batch.Delete(key);
        }

        if (profile is { } profileKey)
        {
            batch.Delete(profileKey);
        }

        await _table.BatchWriteAsync(batch, cancellationToken).ConfigureAwait(false);
        return new DeleteUserResult(profile is not null, batch.Count);
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

        var lower = AttributeValueConverter.FormatTimestamp(query.From);
        var upper = AttributeValueConverter.FormatTimestamp(query.To);
        var scope = "signup-listing|" + lower + "|" + upper;
        var firstMonth = SignUpMonthOf(query.From);
        var month = SignUpMonthOf(query.To);
        Dictionary<string, AttributeValue>? startKey = null;
        if (query.Cursor is not null)
        {
            var state = _table.UnprotectCursor(query.Cursor, scope, nameof(query.Cursor));
            month = state.TryGetValue(CursorMonthAttribute, out var m) && m.S is { } text ? text : throw new InvalidCursorException(InvalidCursorReason.Malformed, nameof(query.Cursor));
            state.Remove(CursorMonthAttribute);
            startKey = state.Count > 0 ? state : null;
        }

        var attributes = new ExpressionAttributes();
        var partitionKey = IndexKeys.PartitionKey<User>(SignUpIndex, (User.Fields.SignUpMonth.AttributeName, month));
        var request = new QueryRequest
        {
            IndexName = ItemAttributeNames.IndexName(SignUpIndex),
            KeyConditionExpression =
                $"{attributes.Name(ItemAttributeNames.IndexPartitionKey(SignUpIndex))} = {attributes.Value(new AttributeValue { S = partitionKey })} AND " +
                $"{attributes.Name(ItemAttributeNames.IndexSortKey(SignUpIndex))} BETWEEN {attributes.Value(new AttributeValue { S = lower })} AND {attributes.Value(new AttributeValue { S = upper + "#\uffff" })}",
            ExpressionAttributeNames = attributes.Names,
            ExpressionAttributeValues = attributes.Values,
            ScanIndexForward = false,
            Limit = query.PageSize,
            ExclusiveStartKey = startKey,
        };
        var response = await _table.SendQueryAsync(request, User.Mapper.EntityType, cancellationToken).ConfigureAwait(false);
        var users = (response.Items ?? []).Select(User.Mapper.FromItem).ToList();

        string? next = null;
        if (response.LastEvaluatedKey is { Count: > 0 } last)
        {
            next = _table.ProtectCursor(new Dictionary<string, AttributeValue>(last) { [CursorMonthAttribute] = new AttributeValue { S = month } }, scope);
        }
        else if (string.CompareOrdinal(month, firstMonth) > 0)
        {
            next = _table.ProtectCursor(new Dictionary<string, AttributeValue> { [CursorMonthAttribute] = new AttributeValue { S = PreviousMonth(month) } }, scope);
        }

        return new QueryPage<User>(users, next);
    }

    /// <summary>The sign-up month of a time: <c>yyyy-MM</c> in UTC.</summary>
    internal static string SignUpMonthOf(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    private static string PreviousMonth(string month)
    {
        var date = DateTime.ParseExact(month + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return date.AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static long? StoredVersion(Dictionary<string, AttributeValue>? item) =>
        item is not null && item.TryGetValue(User.Fields.Version.AttributeName, out var value) && long.TryParse(value.N, System.Globalization.CultureInfo.InvariantCulture, out var version)
            ? version
            : null;

    private static class Labels
    {
        public const string User = "user";
        public const string NewEmail = "new-email";
        public const string OldEmail = "old-email";
    }
}
