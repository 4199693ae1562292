namespace SaasUsers.Data.Identity.Items;

/// <summary>
/// What Identity keeps of a user beyond the SaaS <see cref="User"/> item: in the same item collection, right after
/// the user (<c>USER#{id}</c> / <c>USER#IDENTITY</c>), so the account overview (<c>SK &lt;= USER</c>) never sees it
/// and deleting the user deletes it. Its version is Identity's <c>ConcurrencyStamp</c>.
/// </summary>
/// <remarks>
/// Every sentinel outside the collection (user name, e-mail copy, logins, passkeys) carries a copy of this item,
/// written in the same transaction as the item itself (<see cref="AccountCopies"/>), so a find by any of them is
/// one strongly consistent read. <see cref="Logins"/> and <see cref="Passkeys"/> name those sentinels, so a save
/// knows every copy to refresh without reading.
/// </remarks>
[DynamoEntity("USER#{UserId}", "USER#IDENTITY", EntityType = "IdentityAccount")]
internal sealed partial record AccountItem
{
    public required string UserId { get; init; }

    public required string UserName { get; init; }

    public required string NormalizedUserName { get; init; }

    /// <summary>The SaaS user's e-mail address (a copy of <see cref="User.Email"/>, changed in the same transaction).</summary>
    public required string Email { get; init; }

    /// <summary>The SaaS user's normalized e-mail address (<see cref="User.NormalizedEmail"/>).</summary>
    public required string NormalizedEmail { get; init; }

    public bool EmailConfirmed { get; init; }

    public string? PasswordHash { get; init; }

    public string? SecurityStamp { get; init; }

    public string? PhoneNumber { get; init; }

    public bool PhoneNumberConfirmed { get; init; }

    public bool TwoFactorEnabled { get; init; }

    public DateTimeOffset? LockoutEnd { get; init; }

    public bool LockoutEnabled { get; init; }

    public int AccessFailedCount { get; init; }

    /// <summary>The authenticator (TOTP) key; a secret like the password hash, so it lives on this item only.</summary>
    public string? AuthenticatorKey { get; init; }

    /// <summary>The unused two-factor recovery codes.</summary>
    public List<string> RecoveryCodes { get; init; } = [];

    /// <summary>The user's external logins, whose sentinels hold copies of this item.</summary>
    public List<LoginRef> Logins { get; init; } = [];

    /// <summary>The credential hashes of the user's passkeys, whose sentinels hold copies of this item.</summary>
    public List<string> Passkeys { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    [DynamoVersion]
    public long Version { get; init; }
}
