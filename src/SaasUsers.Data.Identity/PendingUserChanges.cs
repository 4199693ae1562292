namespace SaasUsers.Data.Identity;

/// <summary>
/// The claims, logins, tokens, roles and passkeys a store call added or removed, written by the next
/// <c>UpdateAsync</c> (or <c>CreateAsync</c>) in the same transaction as the user, as Identity's stores expect.
/// Later changes to the same item win (adding then removing a claim removes it).
/// </summary>
internal sealed class PendingUserChanges
{
    /// <summary>Claims by claim hash: the claim to put, or null to delete.</summary>
    public Dictionary<string, (string Type, string Value)?> Claims { get; } = new(StringComparer.Ordinal);

    /// <summary>Logins by (provider, key): the login to add (display name), or null to remove.</summary>
    public Dictionary<(string Provider, string Key), LoginChange> Logins { get; } = [];

    /// <summary>Tokens by (provider, name): the value to set, or a removal.</summary>
    public Dictionary<(string Provider, string Name), TokenChange> Tokens { get; } = [];

    /// <summary>Roles by role id: true to add, false to remove.</summary>
    public Dictionary<string, bool> Roles { get; } = new(StringComparer.Ordinal);

    /// <summary>Passkeys by credential hash: the passkey to put (and whether it is new to the user), or null to remove.</summary>
    public Dictionary<string, PasskeyChange> Passkeys { get; } = new(StringComparer.Ordinal);

    public bool IsEmpty => Claims.Count == 0 && Logins.Count == 0 && Tokens.Count == 0 && Roles.Count == 0 && Passkeys.Count == 0;

    public void Clear()
    {
        Claims.Clear();
        Logins.Clear();
        Tokens.Clear();
        Roles.Clear();
        Passkeys.Clear();
    }
}

/// <summary>A staged login change: added (with its display name) or removed.</summary>
internal readonly record struct LoginChange(bool Add, string? DisplayName);

/// <summary>A staged passkey change: the passkey to put, or null to remove.</summary>
internal readonly record struct PasskeyChange(Items.PasskeyItem? Item);

/// <summary>A staged token change: the value to set (which may be null), or a removal.</summary>
internal readonly record struct TokenChange(bool Remove, string? Value);
