namespace SaasUsers.Data;

/// <summary>What happened to an account.</summary>
public enum AccountActivityKind
{
    /// <summary>The user signed up.</summary>
    SignedUp,

    /// <summary>The user's e-mail address changed.</summary>
    EmailChanged,

    /// <summary>A subscription was started.</summary>
    SubscriptionStarted,

    /// <summary>A subscription changed plan, price or status.</summary>
    SubscriptionChanged,

    /// <summary>A subscription was canceled.</summary>
    SubscriptionCanceled,

    /// <summary>A payment was recorded.</summary>
    PaymentRecorded,

    /// <summary>A member joined the account (organizations; written once organizations exist).</summary>
    MemberJoined,

    /// <summary>A member left the account (organizations; written once organizations exist).</summary>
    MemberLeft,
}
