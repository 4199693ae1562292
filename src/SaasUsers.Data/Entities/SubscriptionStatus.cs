namespace SaasUsers.Data;

/// <summary>A subscription's status, as payment providers report it.</summary>
public enum SubscriptionStatus
{
    /// <summary>Created, first payment not yet made.</summary>
    Incomplete,

    /// <summary>The first payment was never made; the subscription is over.</summary>
    IncompleteExpired,

    /// <summary>In a free trial.</summary>
    Trialing,

    /// <summary>Paid and running.</summary>
    Active,

    /// <summary>A renewal payment failed; the provider is retrying.</summary>
    PastDue,

    /// <summary>Renewal payments failed for good; access should stop.</summary>
    Unpaid,

    /// <summary>Paused by the customer or the provider.</summary>
    Paused,

    /// <summary>Ended.</summary>
    Canceled,
}
