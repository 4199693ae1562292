using SaasUsers.Data.Identity.Items;

namespace SaasUsers.Data.Identity;

/// <summary>
/// The one home of the Identity account's copies: every sentinel outside the user's collection (user name, the
/// e-mail copy, each login and passkey) holds the account as of its last save, so a find by any of them is one
/// strongly consistent read. Each save of the account adds to its own transaction the writes that keep them in
/// step: sentinels of new values created only if absent (uniqueness), of old values deleted while still the
/// user's, and the others updated while still the user's.
/// </summary>
internal static class AccountCopies
{
    /// <summary>Adds the writes that make every copy hold <paramref name="saved"/>.</summary>
    /// <param name="transaction">The save's transaction (it also writes the account item).</param>
    /// <param name="saved">The account as stored once the transaction is applied (its version included).</param>
    /// <param name="before">The account as stored before, or <see langword="null"/> when it has none yet.</param>
    /// <param name="now">The time of the save, for the sentinels it creates.</param>
    public static void Add(TransactionBuilder transaction, AccountItem saved, AccountItem? before, DateTimeOffset now)
    {
        var userId = saved.UserId;

        if (before?.NormalizedUserName is { } oldName && oldName == saved.NormalizedUserName)
        {
            transaction.Update<UserNameItem>(UserNameItem.CreateKey(oldName), u => u.Set(UserNameItem.Fields.Account, saved).When(ItemCondition.Equal(UserNameItem.Fields.UserId, userId)));
        }
        else
        {
            if (before is not null)
            {
                transaction.Delete(UserNameItem.CreateKey(before.NormalizedUserName), condition: ItemCondition.Equal(UserNameItem.Fields.UserId, userId));
            }

            transaction.Create(new UserNameItem { NormalizedUserName = saved.NormalizedUserName, UserId = userId, Account = saved, CreatedAt = now });
        }

        // The core's e-mail sentinel decides who holds an address (IUserRepository.AddCreate/AddChangeEmail in the
        // same transaction); the copy beside it counts only while the sentinel names its user, so it is put and
        // deleted without a condition (a copy left at an address the user no longer holds is dead either way).
        if (before is not null && before.NormalizedEmail != saved.NormalizedEmail)
        {
            transaction.Delete<EmailCopyItem>(EmailCopyItem.CreateKey(before.NormalizedEmail));
        }

        transaction.Put(new EmailCopyItem { NormalizedEmail = saved.NormalizedEmail, UserId = userId, Account = saved });

        var oldLogins = before?.Logins ?? [];
        foreach (var login in saved.Logins)
        {
            var key = LoginLookupItem.CreateKey(login.Provider, login.Key);
            if (oldLogins.Contains(login))
            {
                transaction.Update<LoginLookupItem>(key, u => u.Set(LoginLookupItem.Fields.Account, saved).When(ItemCondition.Equal(LoginLookupItem.Fields.UserId, userId)));
            }
            else
            {
                transaction.Create(new LoginLookupItem { LoginProvider = login.Provider, ProviderKey = login.Key, UserId = userId, Account = saved, CreatedAt = now });
            }
        }

        foreach (var login in oldLogins.Where(l => !saved.Logins.Contains(l)))
        {
            transaction.Delete(LoginLookupItem.CreateKey(login.Provider, login.Key), condition: ItemCondition.Equal(LoginLookupItem.Fields.UserId, userId));
        }

        var oldPasskeys = before?.Passkeys ?? [];
        foreach (var hash in saved.Passkeys)
        {
            if (oldPasskeys.Contains(hash, StringComparer.Ordinal))
            {
                transaction.Update<PasskeyLookupItem>(PasskeyLookupItem.CreateKey(hash), u => u.Set(PasskeyLookupItem.Fields.Account, saved).When(ItemCondition.Equal(PasskeyLookupItem.Fields.UserId, userId)));
            }
            else
            {
                transaction.Create(new PasskeyLookupItem { CredentialHash = hash, UserId = userId, Account = saved });
            }
        }

        foreach (var hash in oldPasskeys.Where(h => !saved.Passkeys.Contains(h, StringComparer.Ordinal)))
        {
            transaction.Delete(PasskeyLookupItem.CreateKey(hash), condition: ItemCondition.Equal(PasskeyLookupItem.Fields.UserId, userId));
        }
    }
}
