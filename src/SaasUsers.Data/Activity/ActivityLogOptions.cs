namespace SaasUsers.Data;

/// <summary>Options of the activity log (<c>AddSaasUsersActivityLog</c>); validated at start-up.</summary>
public sealed class ActivityLogOptions
{
    /// <summary>
    /// How long an entry is kept before time to live deletes it (counted from when it happened), one hour to 100 years;
    /// kept for ever when not set. DynamoDB deletes expired items within days, so reads also leave out entries past their expiry.
    /// </summary>
    public TimeSpan? Retention { get; set; }
}
