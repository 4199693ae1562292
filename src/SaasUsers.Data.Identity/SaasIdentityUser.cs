using Microsoft.AspNetCore.Identity;

namespace SaasUsers.Data.Identity;

/// <summary>
/// The Identity user of the SaaS table: Identity's mutable user type over the immutable SaaS <see cref="User"/>.
/// Its <see cref="IdentityUser{TKey}.Id"/> is the SaaS user id and its e-mail is the SaaS user's e-mail; what only
/// Identity needs (user name, password hash, stamps, lockout, two-factor, phone) is stored in the same item
/// collection. The SaaS fields (display name, status, metadata, payment customer) are read and changed with
/// <see cref="IUserRepository"/> by <see cref="IdentityUser{TKey}.Id"/>. Identity's stores change an instance and then save it with <c>UpdateAsync</c>; the claims, logins,
/// tokens, roles and passkeys added or removed in between are written in that same transaction.
/// </summary>
/// <remarks>
/// <see cref="IdentityUser{TKey}.ConcurrencyStamp"/> is the stored version of the Identity item: an update or
/// delete with a stale stamp fails with Identity's <c>ConcurrencyFailure</c> and writes nothing.
/// </remarks>
public class SaasIdentityUser : IdentityUser
{
    /// <summary>Creates a user with a new id (a GUID without hyphens, as <see cref="IUserRepository"/> makes them).</summary>
    public SaasIdentityUser()
    {
        Id = Guid.NewGuid().ToString("N");
    }

    /// <summary>Creates a user with the given user name and a new id.</summary>
    /// <param name="userName">The user name.</param>
    public SaasIdentityUser(string userName)
        : this()
    {
        UserName = userName;
    }

    /// <summary>The time the Identity account was created, or <see langword="null"/> before it is.</summary>
    public DateTimeOffset? CreatedAt { get; internal set; }

    /// <summary>The authenticator (TOTP) key; read and written through the store's authenticator key methods.</summary>
    internal string? AuthenticatorKey { get; set; }

    /// <summary>The unused recovery codes; read and written through the store's recovery code methods.</summary>
    internal List<string> RecoveryCodes { get; set; } = [];

    /// <summary>
    /// The Identity account as last read or written (the user's values as stored, so a save knows which sentinels
    /// to swap and which copies to refresh), or <see langword="null"/> while the user has none.
    /// </summary>
    internal Items.AccountItem? Stored { get; set; }

    /// <summary>The e-mail address as last read or written: a save with another one changes the SaaS user's.</summary>
    internal string? StoredEmail { get; set; }

    /// <summary>Changes staged by the store since the last save.</summary>
    internal PendingUserChanges Pending { get; } = new();
}
