namespace SaasUsers.Data;

/// <summary>Whether a user may sign in.</summary>
public enum UserStatus
{
    /// <summary>The user may sign in.</summary>
    Active,

    /// <summary>The user is blocked (by an administrator, or for non-payment).</summary>
    Suspended,
}
