using Microsoft.AspNetCore.Identity;

namespace SaasUsers.Data.Identity;

/// <summary>
/// The Identity user of the SaaS table: Identity's mutable user type over the immutable SaaS <see cref="User"/>.
/// Its <see cref="IdentityUser{TKey}.Id"/> is the SaaS user id and its e-mail is the SaaS user's e-mail; what only
/// Identity needs (user name, password hash, stamps, lockout, two-factor, phone) is stored in the same item
/// collection. Identity's stores change an instance and then save it with <c>UpdateAsync</c>; the claims, logins,
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

    /// <summary>
    /// The SaaS user as last read or written by the store (display name, status, metadata, payment customer,
    /// sign-up time), or <see langword="null"/> before the user is created. Change those fields with
    /// <see cref="IUserRepository"/>; the store changes only the e-mail address.
    /// </summary>
    public User? Profile { get; internal set; }

    /// <summary>The time the Identity account was created, or <see langword="null"/> before it is.</summary>
    public DateTimeOffset? CreatedAt { get; internal set; }

    /// <summary>The authenticator (TOTP) key; read and written through the store's authenticator key methods.</summary>
    internal string? AuthenticatorKey { get; set; }

    /// <summary>The unused recovery codes; read and written through the store's recovery code methods.</summary>
    internal List<string> RecoveryCodes { get; set; } = [];

    /// <summary>The user name's normalized form as stored, to swap its sentinel when it changes.</summary>
    internal string? StoredNormalizedUserName { get; set; }

    /// <summary>Changes staged by the store since the last save.</summary>
    internal PendingUserChanges Pending { get; } = new();
}
