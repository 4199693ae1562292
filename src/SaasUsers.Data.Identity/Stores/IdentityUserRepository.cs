using SaasUsers.Data.Identity.Items;

namespace SaasUsers.Data.Identity;

/// <summary>
/// The application's <see cref="IUserRepository"/> once Identity is on the table (<c>AddSaasUsersStores</c>): the
/// same repository, but an e-mail change of a user with an Identity account also refreshes the copies of the
/// account on its sentinels (<see cref="AccountCopies"/>) in the same transaction, so a find by user name, login
/// or passkey never returns the old address.
/// </summary>
internal sealed class IdentityUserRepository : IUserRepository
{
    private const int MaxAttempts = 3;

    private readonly IUserRepository _inner;
    private readonly IEntityTable _table;
    private readonly TimeProvider _timeProvider;

    public IdentityUserRepository(IUserRepository inner, IEntityTable table, TimeProvider? timeProvider)
    {
        _inner = inner;
        _table = table;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public Task<User> CreateAsync(NewUser newUser, CancellationToken cancellationToken = default) => _inner.CreateAsync(newUser, cancellationToken);

    public User AddCreate(TransactionBuilder transaction, NewUser newUser) => _inner.AddCreate(transaction, newUser);

    public Task<User?> GetAsync(string userId, bool consistentRead = false, CancellationToken cancellationToken = default) => _inner.GetAsync(userId, consistentRead, cancellationToken);

    public Task<User?> FindByEmailAsync(string email, CancellationToken cancellationToken = default) => _inner.FindByEmailAsync(email, cancellationToken);

    public Task<User> UpdateProfileAsync(User user, CancellationToken cancellationToken = default) => _inner.UpdateProfileAsync(user, cancellationToken);

    public User AddChangeEmail(TransactionBuilder transaction, User user, string newEmail) => _inner.AddChangeEmail(transaction, user, newEmail);

    public Task<User> LinkPaymentCustomerAsync(string userId, string paymentProvider, string providerCustomerId, CancellationToken cancellationToken = default) =>
        _inner.LinkPaymentCustomerAsync(userId, paymentProvider, providerCustomerId, cancellationToken);

    public void AddLinkPaymentCustomer(TransactionBuilder transaction, string userId, string paymentProvider, string providerCustomerId) =>
        _inner.AddLinkPaymentCustomer(transaction, userId, paymentProvider, providerCustomerId);

    public Task<DeleteUserResult> DeleteAsync(string userId, CancellationToken cancellationToken = default) => _inner.DeleteAsync(userId, cancellationToken);

    public Task<QueryPage<User>> ListBySignUpDateAsync(SignUpListQuery query, CancellationToken cancellationToken = default) => _inner.ListBySignUpDateAsync(query, cancellationToken);

    /// <summary>
    /// Changes the address as the inner repository does; for a user with an Identity account, in one transaction with
    /// the account (its version moves, so a save from before the change is a <c>ConcurrencyFailure</c>) and its copies.
    /// </summary>
    public async Task<User> ChangeEmailAsync(User user, string newEmail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        for (var attempt = 1; ; attempt++)
        {
            var account = TableQueries.IsKeySafe(user.UserId)
                ? await _table.GetAsync<AccountItem>(AccountItem.CreateKey(user.UserId), consistentRead: true, cancellationToken).ConfigureAwait(false)
                : null;
            if (account is null)
            {
                return await _inner.ChangeEmailAsync(user, newEmail, cancellationToken).ConfigureAwait(false);
            }

            var transaction = new TransactionBuilder();
            var changed = _inner.AddChangeEmail(transaction, user, newEmail);
            var put = account with { Email = changed.Email, NormalizedEmail = changed.NormalizedEmail };
            transaction.Put(put);
            AccountCopies.Add(transaction, put with { Version = put.Version + 1 }, account, _timeProvider.GetUtcNow());
            try
            {
                await _table.TransactWriteAsync(transaction, cancellationToken).ConfigureAwait(false);
                return changed;
            }
            catch (TransactionFailedException exception)
            {
                var userKey = User.CreateKey(user.UserId);
                if (exception.Failures.Any(f => f.Reason == TransactionFailureReason.ItemAlreadyExists && f.Key == EmailLookup.CreateKey(changed.NormalizedEmail)))
                {
                    throw new DuplicateEmailException(changed.NormalizedEmail, exception);
                }

                // The caller's version is stale, or the user is gone or being deleted: as the inner repository reports it.
                if (exception.Failures.FirstOrDefault(f => f.Key == userKey) is { Reason: TransactionFailureReason.VersionConflict or TransactionFailureReason.ItemNotFound } failed)
                {
                    throw failed.ToException(exception)!;
                }

                if (exception.Failures.Any(f => f.Key == userKey && f.Reason == TransactionFailureReason.ConditionFailed))
                {
                    throw new ItemNotFoundException(User.Mapper.EntityType, userKey, exception);
                }

                if (attempt == MaxAttempts)
                {
                    throw;
                }

                // An Identity save moved the account between the read and the write: read it again.
            }
        }
    }
}
