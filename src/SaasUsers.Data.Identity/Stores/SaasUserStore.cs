using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using SaasUsers.Data.Identity.Items;
using SaasUsers.Data.Mapping;

namespace SaasUsers.Data.Identity;

/// <summary>
/// ASP.NET Core Identity's user store on the SaaS table. The Identity user is the SaaS <see cref="User"/>: the
/// same id, the same <c>USER#{id}</c> item collection and the same e-mail sentinel as <see cref="IUserRepository"/>.
/// </summary>
/// <remarks>
/// <para>
/// Creating a user is one transaction: the SaaS user and its e-mail sentinel (written by
/// <see cref="IUserRepository.AddCreate"/>), the Identity item, the user-name sentinel and the sentinels of any
/// staged logins and passkeys, each created only if absent, so two racing sign-ups can never both win.
/// Saving (<see cref="UpdateAsync"/>) writes the Identity item only if its version is still the user's
/// <c>ConcurrencyStamp</c>; a changed e-mail address or user name swaps its sentinel in the same transaction,
/// and so do the claims, logins, tokens, roles and passkeys staged since the last save.
/// </para>
/// <para>
/// Finding by id is one strongly consistent <c>BatchGetItem</c> (the SaaS user and the Identity item). Finding
/// by e-mail, user name, login or passkey reads the sentinel with a strongly consistent <c>GetItem</c>, then the
/// user: two strongly consistent requests (one when nothing is found), so sign-in right after sign-up or a
/// password reset always sees the current user. No <see cref="IQueryableUserStore{TUser}"/>: listing all users
/// would need a Scan; use <see cref="IUserRepository.ListBySignUpDateAsync"/>.
/// </para>
/// </remarks>
public sealed partial class SaasUserStore :
    IUserEmailStore<SaasIdentityUser>,
    IUserPasswordStore<SaasIdentityUser>,
    IUserSecurityStampStore<SaasIdentityUser>,
    IUserLockoutStore<SaasIdentityUser>,
    IUserTwoFactorStore<SaasIdentityUser>,
    IUserPhoneNumberStore<SaasIdentityUser>,
    IUserLoginStore<SaasIdentityUser>,
    IUserClaimStore<SaasIdentityUser>,
    IUserAuthenticationTokenStore<SaasIdentityUser>,
    IUserAuthenticatorKeyStore<SaasIdentityUser>,
    IUserTwoFactorRecoveryCodeStore<SaasIdentityUser>,
    IUserRoleStore<SaasIdentityUser>
{
    private readonly IEntityTable _table;
    private readonly IUserRepository _users;
    private readonly TimeProvider _timeProvider;
    private readonly IdentityErrorDescriber _errors;

    /// <summary>Creates the store.</summary>
    /// <param name="table">The table.</param>
    /// <param name="users">The SaaS users, whose sign-up, e-mail change and deletion the store builds on.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    /// <param name="errors">Identity's error describer; the default one when null.</param>
    public SaasUserStore(IEntityTable table, IUserRepository users, TimeProvider? timeProvider = null, IdentityErrorDescriber? errors = null)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _users = users ?? throw new ArgumentNullException(nameof(users));
        _timeProvider = timeProvider ?? TimeProvider.System;
        _errors = errors ?? new IdentityErrorDescriber();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing to release: the table client is a singleton owned by the container.
    }

    // ---- IUserStore ----------------------------------------------------------------------------------------

    /// <inheritdoc />
    public Task<string> GetUserIdAsync(SaasIdentityUser user, CancellationToken cancellationToken) =>
        Task.FromResult(Checked(user, cancellationToken).Id);

    /// <inheritdoc />
    public Task<string?> GetUserNameAsync(SaasIdentityUser user, CancellationToken cancellationToken) =>
        Task.FromResult(Checked(user, cancellationToken).UserName);

    /// <inheritdoc />
    public Task SetUserNameAsync(SaasIdentityUser user, string? userName, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken).UserName = userName;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<string?> GetNormalizedUserNameAsync(SaasIdentityUser user, CancellationToken cancellationToken) =>
        Task.FromResult(Checked(user, cancellationToken).NormalizedUserName);

    /// <inheritdoc />
    public Task SetNormalizedUserNameAsync(SaasIdentityUser user, string? normalizedName, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken).NormalizedUserName = normalizedName;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<IdentityResult> CreateAsync(SaasIdentityUser user, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken);
        if (string.IsNullOrWhiteSpace(user.Email) || !EmailNormalizer.TryNormalize(user.Email, out _))
        {
            // A SaaS user is reached by e-mail: the SaaS user item requires an address.
            return IdentityResult.Failed(_errors.InvalidEmail(user.Email));
        }

        if (string.IsNullOrWhiteSpace(user.UserName) || string.IsNullOrWhiteSpace(user.NormalizedUserName))
        {
            return IdentityResult.Failed(_errors.InvalidUserName(user.UserName));
        }

        var now = _timeProvider.GetUtcNow();
        var transaction = new TransactionBuilder();
        var profile = _users.AddCreate(transaction, new NewUser { Email = user.Email, UserId = user.Id });
        transaction.Create(ToAccount(user, version: 0, createdAt: now));
        transaction.Create(new UserNameItem { NormalizedUserName = user.NormalizedUserName, UserId = user.Id, CreatedAt = now });
        AddPending(transaction, user, now);

        var failure = await SendAsync(transaction, user, profile.NormalizedEmail, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        Saved(user, profile, version: 1, now);
        return IdentityResult.Success;
    }

    /// <inheritdoc />
    public async Task<IdentityResult> UpdateAsync(SaasIdentityUser user, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken);
        if (!TryParseStamp(user.ConcurrencyStamp, out var version) || user.Profile is not { } profile)
        {
            return IdentityResult.Failed(_errors.ConcurrencyFailure());
        }

        if (string.IsNullOrWhiteSpace(user.Email) || !EmailNormalizer.TryNormalize(user.Email, out _))
        {
            return IdentityResult.Failed(_errors.InvalidEmail(user.Email));
        }

        if (string.IsNullOrWhiteSpace(user.UserName) || string.IsNullOrWhiteSpace(user.NormalizedUserName))
        {
            return IdentityResult.Failed(_errors.InvalidUserName(user.UserName));
        }

        var now = _timeProvider.GetUtcNow();
        var transaction = new TransactionBuilder();
        var account = ToAccount(user, version, user.CreatedAt ?? now);
        transaction.Put(account);

        var changedProfile = profile;
        if (!string.Equals(user.Email, profile.Email, StringComparison.Ordinal))
        {
            changedProfile = _users.AddChangeEmail(transaction, profile, user.Email);
        }

        if (!string.Equals(user.NormalizedUserName, user.StoredNormalizedUserName, StringComparison.Ordinal))
        {
            if (user.StoredNormalizedUserName is { } stored)
            {
                transaction.Delete(UserNameItem.CreateKey(stored), condition: ItemCondition.Equal(UserNameItem.Fields.UserId, user.Id));
            }

            transaction.Create(new UserNameItem { NormalizedUserName = user.NormalizedUserName, UserId = user.Id, CreatedAt = now });
        }

        AddPending(transaction, user, now);

        IdentityResult? failure;
        if (transaction.Count == 1)
        {
            // Only the Identity item changes: one conditional PutItem.
            failure = await PutAccountAsync(account, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            failure = await SendAsync(transaction, user, changedProfile.NormalizedEmail, cancellationToken).ConfigureAwait(false);
        }

        if (failure is not null)
        {
            return failure;
        }

        Saved(user, changedProfile, version + 1, user.CreatedAt ?? now);
        return IdentityResult.Success;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Checks the stamp and removes the sentinels outside the user's collection (user name, logins, passkeys) in one
    /// transaction, then deletes the user and everything the user owns with <see cref="IUserRepository.DeleteAsync"/>
    /// (the collection: SaaS data, Identity item, claims, logins, tokens, roles, passkeys, API keys; and the e-mail
    /// sentinel). A call cut short between the two steps leaves a user without sign-in data, which a second call
    /// deletes.
    /// </remarks>
    public async Task<IdentityResult> DeleteAsync(SaasIdentityUser user, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken);
        if (!TryParseStamp(user.ConcurrencyStamp, out var version))
        {
            return IdentityResult.Failed(_errors.ConcurrencyFailure());
        }

        var partitionKey = User.CreatePartitionKey(user.Id);
        var transaction = new TransactionBuilder();
        if (version > 0)
        {
            transaction.Delete<AccountItem>(AccountItem.CreateKey(user.Id), expectedVersion: version);
            var stored = await _table.GetAsync<AccountItem>(AccountItem.CreateKey(user.Id), consistentRead: true, cancellationToken).ConfigureAwait(false);
            if (stored is null || stored.Version != version)
            {
                return IdentityResult.Failed(_errors.ConcurrencyFailure());
            }

            transaction.Delete(UserNameItem.CreateKey(stored.NormalizedUserName), condition: ItemCondition.Equal(UserNameItem.Fields.UserId, user.Id));
        }

        await foreach (var login in QueryAllAsync<LoginItem>(partitionKey, cancellationToken).ConfigureAwait(false))
        {
            transaction.Delete(LoginLookupItem.CreateKey(login.LoginProvider, login.ProviderKey), condition: ItemCondition.Equal(LoginLookupItem.Fields.UserId, user.Id));
        }

        await foreach (var passkey in QueryAllAsync<PasskeyItem>(partitionKey, cancellationToken).ConfigureAwait(false))
        {
            transaction.Delete(PasskeyLookupItem.CreateKey(passkey.CredentialHash), condition: ItemCondition.Equal(PasskeyLookupItem.Fields.UserId, user.Id));
        }

        if (transaction.Count > 0)
        {
            try
            {
                await _table.TransactWriteAsync(transaction, cancellationToken).ConfigureAwait(false);
            }
            catch (TransactionFailedException)
            {
                return IdentityResult.Failed(_errors.ConcurrencyFailure());
            }
        }

        await _users.DeleteAsync(user.Id, cancellationToken).ConfigureAwait(false);
        user.Pending.Clear();
        return IdentityResult.Success;
    }

    /// <inheritdoc />
    public async Task<SaasIdentityUser?> FindByIdAsync(string userId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return IsKeySafe(userId) ? await LoadAsync(userId, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <inheritdoc />
    public async Task<SaasIdentityUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!IsKeySafe(normalizedUserName))
        {
            return null;
        }

        var lookup = await _table.GetAsync<UserNameItem>(UserNameItem.CreateKey(normalizedUserName), consistentRead: true, cancellationToken).ConfigureAwait(false);
        return lookup is null ? null : await LoadAsync(lookup.UserId, cancellationToken).ConfigureAwait(false);
    }

    // ---- IUserEmailStore -------------------------------------------------------------------------------------

    /// <inheritdoc />
    public Task SetEmailAsync(SaasIdentityUser user, string? email, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken).Email = email;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<string?> GetEmailAsync(SaasIdentityUser user, CancellationToken cancellationToken) =>
        Task.FromResult(Checked(user, cancellationToken).Email);

    /// <inheritdoc />
    public Task<bool> GetEmailConfirmedAsync(SaasIdentityUser user, CancellationToken cancellationToken) =>
        Task.FromResult(Checked(user, cancellationToken).EmailConfirmed);

    /// <inheritdoc />
    public Task SetEmailConfirmedAsync(SaasIdentityUser user, bool confirmed, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken).EmailConfirmed = confirmed;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The e-mail sentinel is keyed by the table's own normalization (<see cref="EmailNormalizer"/>), which this
    /// method applies to <paramref name="normalizedEmail"/> whatever normalizer produced it.
    /// </remarks>
    public async Task<SaasIdentityUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!EmailNormalizer.TryNormalize(normalizedEmail, out var key))
        {
            return null;
        }

        var lookup = await _table.GetAsync<EmailLookup>(EmailLookup.CreateKey(key), consistentRead: true, cancellationToken).ConfigureAwait(false);
        return lookup is null ? null : await LoadAsync(lookup.UserId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<string?> GetNormalizedEmailAsync(SaasIdentityUser user, CancellationToken cancellationToken) =>
        Task.FromResult(Checked(user, cancellationToken).NormalizedEmail);

    /// <inheritdoc />
    public Task SetNormalizedEmailAsync(SaasIdentityUser user, string? normalizedEmail, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken).NormalizedEmail = normalizedEmail;
        return Task.CompletedTask;
    }

    // ---- IUserPasswordStore, IUserSecurityStampStore ----------------------------------------------------------

    /// <inheritdoc />
    public Task SetPasswordHashAsync(SaasIdentityUser user, string? passwordHash, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken).PasswordHash = passwordHash;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<string?> GetPasswordHashAsync(SaasIdentityUser user, CancellationToken cancellationToken) =>
        Task.FromResult(Checked(user, cancellationToken).PasswordHash);

    /// <inheritdoc />
    public Task<bool> HasPasswordAsync(SaasIdentityUser user, CancellationToken cancellationToken) =>
        Task.FromResult(Checked(user, cancellationToken).PasswordHash is not null);

    /// <inheritdoc />
    public Task SetSecurityStampAsync(SaasIdentityUser user, string stamp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stamp);
        Checked(user, cancellationToken).SecurityStamp = stamp;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<string?> GetSecurityStampAsync(SaasIdentityUser user, CancellationToken cancellationToken) =>
        Task.FromResult(Checked(user, cancellationToken).SecurityStamp);

    // ---- IUserLockoutStore ----------------------------------------------------------------------------------

    /// <inheritdoc />
    public Task<DateTimeOffset?> GetLockoutEndDateAsync(SaasIdentityUser user, CancellationToken cancellationToken) =>
        Task.FromResult(Checked(user, cancellationToken).LockoutEnd);

    /// <inheritdoc />
    public Task SetLockoutEndDateAsync(SaasIdentityUser user, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken).LockoutEnd = lockoutEnd;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> IncrementAccessFailedCountAsync(SaasIdentityUser user, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken).AccessFailedCount++;
        return Task.FromResult(user.AccessFailedCount);
    }

    /// <inheritdoc />
    public Task ResetAccessFailedCountAsync(SaasIdentityUser user, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken).AccessFailedCount = 0;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> GetAccessFailedCountAsync(SaasIdentityUser user, CancellationToken cancellationToken) =>
        Task.FromResult(Checked(user, cancellationToken).AccessFailedCount);

    /// <inheritdoc />
    public Task<bool> GetLockoutEnabledAsync(SaasIdentityUser user, CancellationToken cancellationToken) =>
        Task.FromResult(Checked(user, cancellationToken).LockoutEnabled);

    /// <inheritdoc />
    public Task SetLockoutEnabledAsync(SaasIdentityUser user, bool enabled, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken).LockoutEnabled = enabled;
        return Task.CompletedTask;
    }

    // ---- IUserTwoFactorStore, IUserPhoneNumberStore ------------------------------------------------------------

    /// <inheritdoc />
    public Task SetTwoFactorEnabledAsync(SaasIdentityUser user, bool enabled, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken).TwoFactorEnabled = enabled;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> GetTwoFactorEnabledAsync(SaasIdentityUser user, CancellationToken cancellationToken) =>
        Task.FromResult(Checked(user, cancellationToken).TwoFactorEnabled);

    /// <inheritdoc />
    public Task SetPhoneNumberAsync(SaasIdentityUser user, string? phoneNumber, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken).PhoneNumber = phoneNumber;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<string?> GetPhoneNumberAsync(SaasIdentityUser user, CancellationToken cancellationToken) =>
        Task.FromResult(Checked(user, cancellationToken).PhoneNumber);

    /// <inheritdoc />
    public Task<bool> GetPhoneNumberConfirmedAsync(SaasIdentityUser user, CancellationToken cancellationToken) =>
        Task.FromResult(Checked(user, cancellationToken).PhoneNumberConfirmed);

    /// <inheritdoc />
    public Task SetPhoneNumberConfirmedAsync(SaasIdentityUser user, bool confirmed, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken).PhoneNumberConfirmed = confirmed;
        return Task.CompletedTask;
    }

    // ---- IUserAuthenticatorKeyStore, IUserTwoFactorRecoveryCodeStore -------------------------------------------

    /// <inheritdoc />
    public Task SetAuthenticatorKeyAsync(SaasIdentityUser user, string key, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken).AuthenticatorKey = key;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<string?> GetAuthenticatorKeyAsync(SaasIdentityUser user, CancellationToken cancellationToken) =>
        Task.FromResult(Checked(user, cancellationToken).AuthenticatorKey);

    /// <inheritdoc />
    public Task ReplaceCodesAsync(SaasIdentityUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recoveryCodes);
        Checked(user, cancellationToken).RecoveryCodes = recoveryCodes.ToList();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>The code is removed from the user; the caller's save (UserManager does it) makes that durable,
    /// and the stamp condition makes a code redeemable once even by two racing requests.</remarks>
    public Task<bool> RedeemCodeAsync(SaasIdentityUser user, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        Checked(user, cancellationToken);
        var index = user.RecoveryCodes.FindIndex(c => System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(c), System.Text.Encoding.UTF8.GetBytes(code)));
        if (index < 0)
        {
            return Task.FromResult(false);
        }

        user.RecoveryCodes.RemoveAt(index);
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public Task<int> CountCodesAsync(SaasIdentityUser user, CancellationToken cancellationToken) =>
        Task.FromResult(Checked(user, cancellationToken).RecoveryCodes.Count);

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static SaasIdentityUser Checked(SaasIdentityUser user, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(user);
        return user;
    }

    private static bool TryParseStamp(string? stamp, out long version) =>
        long.TryParse(stamp, NumberStyles.None, CultureInfo.InvariantCulture, out version);

    private static bool IsKeySafe(string? value) => TableQueries.IsKeySafe(value);

    private static AccountItem ToAccount(SaasIdentityUser user, long version, DateTimeOffset createdAt) => new()
    {
        UserId = user.Id,
        UserName = user.UserName!,
        NormalizedUserName = user.NormalizedUserName!,
        EmailConfirmed = user.EmailConfirmed,
        PasswordHash = user.PasswordHash,
        SecurityStamp = user.SecurityStamp,
        PhoneNumber = user.PhoneNumber,
        PhoneNumberConfirmed = user.PhoneNumberConfirmed,
        TwoFactorEnabled = user.TwoFactorEnabled,
        LockoutEnd = user.LockoutEnd,
        LockoutEnabled = user.LockoutEnabled,
        AccessFailedCount = user.AccessFailedCount,
        AuthenticatorKey = user.AuthenticatorKey,
        RecoveryCodes = user.RecoveryCodes.ToList(),
        CreatedAt = createdAt,
        Version = version,
    };

    private static void Saved(SaasIdentityUser user, User profile, long version, DateTimeOffset createdAt)
    {
        user.Profile = profile;
        user.Email = profile.Email;
        user.ConcurrencyStamp = version.ToString(CultureInfo.InvariantCulture);
        user.StoredNormalizedUserName = user.NormalizedUserName;
        user.CreatedAt = createdAt;
        user.Pending.Clear();
    }

    /// <summary>Reads the SaaS user and its Identity item (one strongly consistent BatchGetItem).</summary>
    private async Task<SaasIdentityUser?> LoadAsync(string userId, CancellationToken cancellationToken)
    {
        var items = await _table.BatchGetAsync([User.CreateKey(userId), AccountItem.CreateKey(userId)], consistentRead: true, cancellationToken).ConfigureAwait(false);
        var profile = items.OfType<User>().FirstOrDefault();
        if (profile is null)
        {
            return null;
        }

        return FromItems(profile, items.OfType<AccountItem>().FirstOrDefault());
    }

    private async Task<IReadOnlyList<SaasIdentityUser>> LoadManyAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        var result = new List<SaasIdentityUser>(userIds.Count);
        foreach (var chunk in userIds.Distinct(StringComparer.Ordinal).Chunk(50))
        {
            var keys = chunk.SelectMany(id => new[] { User.CreateKey(id), AccountItem.CreateKey(id) });
            var items = await _table.BatchGetAsync(keys, consistentRead: true, cancellationToken).ConfigureAwait(false);
            var accounts = items.OfType<AccountItem>().ToDictionary(a => a.UserId, StringComparer.Ordinal);
            foreach (var profile in items.OfType<User>())
            {
                result.Add(FromItems(profile, accounts.GetValueOrDefault(profile.UserId)));
            }
        }

        return result;
    }

    private static SaasIdentityUser FromItems(User profile, AccountItem? account)
    {
        var user = new SaasIdentityUser { Id = profile.UserId, Email = profile.Email, NormalizedEmail = profile.NormalizedEmail, Profile = profile };
        if (account is null)
        {
            user.UserName = profile.Email;
            user.ConcurrencyStamp = "0";
            user.CreatedAt = profile.CreatedAt;
            return user;
        }

        user.UserName = account.UserName;
        user.NormalizedUserName = account.NormalizedUserName;
        user.StoredNormalizedUserName = account.NormalizedUserName;
        user.EmailConfirmed = account.EmailConfirmed;
        user.PasswordHash = account.PasswordHash;
        user.SecurityStamp = account.SecurityStamp;
        user.PhoneNumber = account.PhoneNumber;
        user.PhoneNumberConfirmed = account.PhoneNumberConfirmed;
        user.TwoFactorEnabled = account.TwoFactorEnabled;
        user.LockoutEnd = account.LockoutEnd;
        user.LockoutEnabled = account.LockoutEnabled;
        user.AccessFailedCount = account.AccessFailedCount;
        user.AuthenticatorKey = account.AuthenticatorKey;
        user.RecoveryCodes = account.RecoveryCodes.ToList();
        user.CreatedAt = account.CreatedAt;
        user.ConcurrencyStamp = account.Version.ToString(CultureInfo.InvariantCulture);
        return user;
    }

    private IAsyncEnumerable<T> QueryAllAsync<T>(string partitionKey, CancellationToken cancellationToken)
        where T : class, IDynamoEntity<T> =>
        _table.CollectionAsync<T>(partitionKey, cancellationToken);

    private async Task<IdentityResult?> PutAccountAsync(AccountItem account, CancellationToken cancellationToken)
    {
        try
        {
            await _table.PutAsync(account, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (ConditionFailedException)
        {
            return IdentityResult.Failed(_errors.ConcurrencyFailure());
        }
    }

    /// <summary>
    /// Sends a user's transaction and turns a cancellation into Identity's errors. A sentinel whose owner no longer
    /// exists (the user was deleted through <see cref="IUserRepository.DeleteAsync"/>, which knows only the e-mail
    /// sentinel) is reclaimed, and the transaction sent once more.
    /// </summary>
    private async Task<IdentityResult?> SendAsync(TransactionBuilder transaction, SaasIdentityUser user, string normalizedEmail, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await _table.TransactWriteAsync(transaction, cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (TransactionFailedException exception)
            {
                if (attempt == 0 && await ReclaimStaleSentinelsAsync(exception, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                return IdentityResult.Failed(DescribeFailures(exception, user, normalizedEmail).ToArray());
            }
        }
    }

    /// <summary>Deletes the sentinels among the failures whose user is gone; whether any was.</summary>
    private async Task<bool> ReclaimStaleSentinelsAsync(TransactionFailedException exception, CancellationToken cancellationToken)
    {
        var reclaimed = false;
        foreach (var failure in exception.Failures.Where(f => f.Reason == TransactionFailureReason.ItemAlreadyExists))
        {
            var key = failure.Key;
            var owner = failure.EntityType switch
            {
                _ when failure.EntityType == UserNameItem.Mapper.EntityType => (await _table.GetAsync<UserNameItem>(key, consistentRead: true, cancellationToken).ConfigureAwait(false))?.UserId,
                _ when failure.EntityType == LoginLookupItem.Mapper.EntityType => (await _table.GetAsync<LoginLookupItem>(key, consistentRead: true, cancellationToken).ConfigureAwait(false))?.UserId,
                _ when failure.EntityType == PasskeyLookupItem.Mapper.EntityType => (await _table.GetAsync<PasskeyLookupItem>(key, consistentRead: true, cancellationToken).ConfigureAwait(false))?.UserId,
                _ => null,
            };
            if (owner is null || await _table.GetAsync<User>(User.CreateKey(owner), consistentRead: true, cancellationToken).ConfigureAwait(false) is not null)
            {
                continue;
            }

            try
            {
                // Only while it still names the same, missing owner.
                if (failure.EntityType == UserNameItem.Mapper.EntityType)
                {
                    await _table.DeleteAsync(key, condition: ItemCondition.Equal(UserNameItem.Fields.UserId, owner), cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                else if (failure.EntityType == LoginLookupItem.Mapper.EntityType)
                {
                    await _table.DeleteAsync(key, condition: ItemCondition.Equal(LoginLookupItem.Fields.UserId, owner), cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _table.DeleteAsync(key, condition: ItemCondition.Equal(PasskeyLookupItem.Fields.UserId, owner), cancellationToken: cancellationToken).ConfigureAwait(false);
                }

                reclaimed = true;
            }
            catch (ConditionFailedException)
            {
                // Someone else reclaimed or re-claimed it first: the retry decides.
                reclaimed = true;
            }
        }

        return reclaimed;
    }

    private IEnumerable<IdentityError> DescribeFailures(TransactionFailedException exception, SaasIdentityUser user, string normalizedEmail)
    {
        var emailKey = EmailLookup.CreateKey(normalizedEmail);
        var nameKey = string.IsNullOrEmpty(user.NormalizedUserName) ? default : UserNameItem.CreateKey(user.NormalizedUserName);
        var userKey = User.CreateKey(user.Id);
        var described = false;
        foreach (var failure in exception.Failures)
        {
            if (failure.Reason == TransactionFailureReason.ItemAlreadyExists)
            {
                if (failure.Key == emailKey)
                {
                    described = true;
                    yield return _errors.DuplicateEmail(user.Email ?? normalizedEmail);
                }
                else if (failure.Key == nameKey)
                {
                    described = true;
                    yield return _errors.DuplicateUserName(user.UserName ?? string.Empty);
                }
                else if (failure.EntityType == LoginLookupItem.Mapper.EntityType)
                {
                    described = true;
                    yield return _errors.LoginAlreadyAssociated();
                }
                else if (failure.EntityType == PasskeyLookupItem.Mapper.EntityType)
                {
                    described = true;
                    yield return new IdentityError { Code = "DuplicatePasskey", Description = "The passkey is already registered to a user." };
                }
                else if (failure.Key == userKey)
                {
                    described = true;
                    yield return new IdentityError { Code = "DuplicateUserId", Description = $"A user with id '{user.Id}' already exists." };
                }
            }
            else if (failure.Reason == TransactionFailureReason.ItemNotFound && failure.EntityType == RoleItem.Mapper.EntityType)
            {
                described = true;
                yield return new IdentityError { Code = "RoleNotFound", Description = "A role the user was added to no longer exists." };
            }
        }

        if (!described)
        {
            // The Identity item's version, or an item the save expected, changed under it: another writer was first.
            yield return _errors.ConcurrencyFailure();
        }
    }

    /// <summary>Adds the staged claims, logins, tokens, roles and passkeys to the user's transaction.</summary>
    private static void AddPending(TransactionBuilder transaction, SaasIdentityUser user, DateTimeOffset now)
    {
        var pending = user.Pending;
        foreach (var (hash, claim) in pending.Claims)
        {
            if (claim is { } c)
            {
                transaction.Put(new ClaimItem { UserId = user.Id, ClaimHash = hash, ClaimType = c.Type, ClaimValue = c.Value });
            }
            else
            {
                transaction.Delete<ClaimItem>(ClaimItem.CreateKey(user.Id, hash));
            }
        }

        foreach (var ((provider, key), change) in pending.Logins)
        {
            if (change.Add)
            {
                transaction.Put(new LoginItem { UserId = user.Id, LoginProvider = provider, ProviderKey = key, ProviderDisplayName = change.DisplayName, CreatedAt = now });
                transaction.Create(new LoginLookupItem { LoginProvider = provider, ProviderKey = key, UserId = user.Id, CreatedAt = now });
            }
            else
            {
                transaction.Delete<LoginItem>(LoginItem.CreateKey(user.Id, provider, key));
                transaction.Delete(LoginLookupItem.CreateKey(provider, key), condition: ItemCondition.Equal(LoginLookupItem.Fields.UserId, user.Id));
            }
        }

        foreach (var ((provider, name), change) in pending.Tokens)
        {
            if (!change.Remove)
            {
                transaction.Put(new TokenItem { UserId = user.Id, LoginProvider = provider, Name = name, Value = change.Value });
            }
            else
            {
                transaction.Delete<TokenItem>(TokenItem.CreateKey(user.Id, provider, name));
            }
        }

        foreach (var (roleId, add) in pending.Roles)
        {
            if (add)
            {
                transaction.Put(new UserRoleItem { UserId = user.Id, RoleId = roleId, CreatedAt = now });
                transaction.Check<RoleItem>(RoleItem.CreateKey(roleId));
            }
            else
            {
                transaction.Delete<UserRoleItem>(UserRoleItem.CreateKey(user.Id, roleId));
            }
        }

        foreach (var (hash, change) in pending.Passkeys)
        {
            if (change.Item is { } passkey)
            {
                transaction.Put(passkey);
                if (change.IsNew)
                {
                    transaction.Create(new PasskeyLookupItem { CredentialHash = hash, UserId = user.Id });
                }
            }
            else
            {
                transaction.Delete<PasskeyItem>(PasskeyItem.CreateKey(user.Id, hash));
                transaction.Delete(PasskeyLookupItem.CreateKey(hash), condition: ItemCondition.Equal(PasskeyLookupItem.Fields.UserId, user.Id));
            }
        }
    }
}
