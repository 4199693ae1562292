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
/// and so do the claims, logins, tokens, roles and passkeys staged since the last save. Every sentinel outside
/// the collection carries a copy of the Identity item, rewritten by each save in its transaction.
/// </para>
/// <para>
/// Finding by id is one strongly consistent <c>BatchGetItem</c> (the SaaS user and the Identity item). Finding
/// by user name, login or passkey is one strongly consistent <c>GetItem</c> of the sentinel, and by e-mail one
/// strongly consistent <c>Query</c> of the address's partition (the core's sentinel and the copy beside it), so
/// sign-in right after sign-up or a password reset always sees the current user. No
/// <see cref="IQueryableUserStore{TUser}"/>: listing all users would need a Scan; use
/// <see cref="IUserRepository.ListBySignUpDateAsync"/>.
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
        var account = ToAccount(user, profile.Email, profile.NormalizedEmail, version: 0, createdAt: now);
        transaction.Create(account);
        var saved = account with { Version = 1 };
        AccountCopies.Add(transaction, saved, before: null, now);
        AddPending(transaction, user, now);

        var failure = await SendAsync(transaction, user, profile.NormalizedEmail, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        Saved(user, saved);
        return IdentityResult.Success;
    }

    /// <inheritdoc />
    /// <remarks>
    /// One <c>TransactWriteItems</c>: the Identity item (only if its version is the stamp), the copies of it on the
    /// sentinels outside the collection (<see cref="AccountCopies"/>), a changed e-mail address (the SaaS user and
    /// its sentinel, after one <c>GetItem</c> of the SaaS user) and the staged claims, logins, tokens, roles and
    /// passkeys.
    /// </remarks>
    public async Task<IdentityResult> UpdateAsync(SaasIdentityUser user, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken);
        if (!TryParseStamp(user.ConcurrencyStamp, out var version) || user.StoredEmail is null || (version > 0) != (user.Stored is not null))
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
        var email = user.StoredEmail;
        var normalizedEmail = user.Stored?.NormalizedEmail ?? EmailNormalizer.Normalize(email);
        if (!string.Equals(user.Email, user.StoredEmail, StringComparison.Ordinal))
        {
            // The SaaS user's address changes too: its item and sentinel, as IUserRepository.ChangeEmailAsync would.
            var profile = await _users.GetAsync(user.Id, consistentRead: true, cancellationToken).ConfigureAwait(false);
            if (profile is null)
            {
                return IdentityResult.Failed(_errors.ConcurrencyFailure());
            }

            var changed = _users.AddChangeEmail(transaction, profile, user.Email);
            (email, normalizedEmail) = (changed.Email, changed.NormalizedEmail);
        }

        var account = ToAccount(user, email, normalizedEmail, version, user.CreatedAt ?? now);
        transaction.Put(account);
        var saved = account with { Version = version + 1 };
        AccountCopies.Add(transaction, saved, user.Stored, now);
        AddPending(transaction, user, now);

        var failure = await SendAsync(transaction, user, normalizedEmail, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        Saved(user, saved);
        return IdentityResult.Success;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Checks the stamp with one conditional <c>UpdateItem</c> of the Identity item (which also changes the security
    /// stamp, so the user's cookies stop validating and a save racing the delete fails), then deletes the user with
    /// <see cref="IUserRepository.DeleteAsync"/>: the collection (SaaS data, Identity item, claims, logins, tokens,
    /// roles, passkeys, API keys) and what its items own outside it (the e-mail sentinel and its copy, the user-name,
    /// login and passkey sentinels, checkout records). A call cut short is finished by calling it again, or by
    /// <see cref="IUserRepository.DeleteAsync"/>.
    /// </remarks>
    public async Task<IdentityResult> DeleteAsync(SaasIdentityUser user, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken);
        if (!TryParseStamp(user.ConcurrencyStamp, out var version))
        {
            return IdentityResult.Failed(_errors.ConcurrencyFailure());
        }

        if (version > 0)
        {
            try
            {
                await _table.UpdateAsync<AccountItem>(
                    AccountItem.CreateKey(user.Id),
                    update => update.Set(AccountItem.Fields.SecurityStamp, Guid.NewGuid().ToString("N")).ExpectVersion(version),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (ConditionFailedException)
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
        return await FromLookupAsync(lookup?.UserId, lookup?.Account, cancellationToken).ConfigureAwait(false);
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

        // One strongly consistent Query of the address's partition: the core's sentinel and the account's copy.
        var page = await _table.QueryAsync(new ItemQuery(EmailLookup.CreatePartitionKey(key)) { ConsistentRead = true }, cancellationToken).ConfigureAwait(false);
        var lookup = page.Items.OfType<EmailLookup>().FirstOrDefault();
        var copy = page.Items.OfType<EmailCopyItem>().FirstOrDefault();
        return await FromLookupAsync(lookup?.UserId, copy?.UserId == lookup?.UserId ? copy?.Account : null, cancellationToken).ConfigureAwait(false);
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

    /// <summary>The account item of the user's current values, its sentinels' lists with the staged changes applied.</summary>
    private static AccountItem ToAccount(SaasIdentityUser user, string email, string normalizedEmail, long version, DateTimeOffset createdAt)
    {
        var logins = (user.Stored?.Logins ?? []).ToList();
        foreach (var ((provider, key), change) in user.Pending.Logins)
        {
            var login = new LoginRef { Provider = provider, Key = key };
            logins.Remove(login);
            if (change.Add)
            {
                logins.Add(login);
            }
        }

        var passkeys = (user.Stored?.Passkeys ?? []).ToList();
        foreach (var (hash, change) in user.Pending.Passkeys)
        {
            passkeys.Remove(hash);
            if (change.Item is not null)
            {
                passkeys.Add(hash);
            }
        }

        return new AccountItem
        {
            UserId = user.Id,
            UserName = user.UserName!,
            NormalizedUserName = user.NormalizedUserName!,
            Email = email,
            NormalizedEmail = normalizedEmail,
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
            Logins = logins,
            Passkeys = passkeys,
            CreatedAt = createdAt,
            Version = version,
        };
    }

    /// <summary>Records on the user what is now stored.</summary>
    private static void Saved(SaasIdentityUser user, AccountItem saved)
    {
        user.Email = saved.Email;
        user.NormalizedEmail = saved.NormalizedEmail;
        user.ConcurrencyStamp = saved.Version.ToString(CultureInfo.InvariantCulture);
        user.CreatedAt = saved.CreatedAt;
        user.Stored = saved;
        user.StoredEmail = saved.Email;
        user.Pending.Clear();
    }

    /// <summary>
    /// The user a sentinel names: from the copy of the account it carries (no further request), or, for a user
    /// without an Identity account yet (signed up through <see cref="IUserRepository"/>), read by id.
    /// </summary>
    private async Task<SaasIdentityUser?> FromLookupAsync(string? userId, AccountItem? copy, CancellationToken cancellationToken)
    {
        if (userId is null)
        {
            return null;
        }

        return copy is not null && string.Equals(copy.UserId, userId, StringComparison.Ordinal)
            ? FromAccount(copy)
            : await LoadAsync(userId, cancellationToken).ConfigureAwait(false);
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
        if (account is null)
        {
            // Signed up through IUserRepository: the first save creates the Identity account.
            return new SaasIdentityUser
            {
                Id = profile.UserId,
                UserName = profile.Email,
                Email = profile.Email,
                NormalizedEmail = profile.NormalizedEmail,
                ConcurrencyStamp = "0",
                CreatedAt = profile.CreatedAt,
                StoredEmail = profile.Email,
            };
        }

        // The SaaS user item is the truth for the address; should the account's copy differ (an address changed in a
        // transaction the application composed with IUserRepository.AddChangeEmail), the next save repairs the copies.
        var user = FromAccount(account);
        user.Email = profile.Email;
        user.NormalizedEmail = profile.NormalizedEmail;
        return user;
    }

    private static SaasIdentityUser FromAccount(AccountItem account) => new()
    {
        Id = account.UserId,
        UserName = account.UserName,
        NormalizedUserName = account.NormalizedUserName,
        Email = account.Email,
        NormalizedEmail = account.NormalizedEmail,
        EmailConfirmed = account.EmailConfirmed,
        PasswordHash = account.PasswordHash,
        SecurityStamp = account.SecurityStamp,
        PhoneNumber = account.PhoneNumber,
        PhoneNumberConfirmed = account.PhoneNumberConfirmed,
        TwoFactorEnabled = account.TwoFactorEnabled,
        LockoutEnd = account.LockoutEnd,
        LockoutEnabled = account.LockoutEnabled,
        AccessFailedCount = account.AccessFailedCount,
        AuthenticatorKey = account.AuthenticatorKey,
        RecoveryCodes = account.RecoveryCodes.ToList(),
        CreatedAt = account.CreatedAt,
        ConcurrencyStamp = account.Version.ToString(CultureInfo.InvariantCulture),
        Stored = account,
        StoredEmail = account.Email,
    };

    private IAsyncEnumerable<T> QueryAllAsync<T>(string partitionKey, CancellationToken cancellationToken)
        where T : class, IDynamoEntity<T> =>
        _table.CollectionAsync<T>(partitionKey, cancellationToken);

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

    /// <summary>
    /// Adds the staged claims, logins, tokens, roles and passkeys in the user's collection to the user's transaction
    /// (the login and passkey sentinels outside it are <see cref="AccountCopies"/>'s).
    /// </summary>
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
            }
            else
            {
                transaction.Delete<LoginItem>(LoginItem.CreateKey(user.Id, provider, key));
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
            }
            else
            {
                transaction.Delete<PasskeyItem>(PasskeyItem.CreateKey(user.Id, hash));
            }
        }
    }
}
