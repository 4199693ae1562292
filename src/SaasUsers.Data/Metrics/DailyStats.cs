namespace SaasUsers.Data;

/// <summary>
/// One day of the SaaS's metrics (UTC days). Flows count what happened that day; levels (subscriptions, monthly
/// recurring revenue) are as at the end of the day.
/// </summary>
public sealed record DailyStats
{
    /// <summary>The day (UTC).</summary>
    public required DateOnly Date { get; init; }

    /// <summary>Users who signed up that day.</summary>
    public long SignUps { get; init; }

    /// <summary>Users deleted (or expired) that day.</summary>
    public long DeletedUsers { get; init; }

    /// <summary>Paid checkout payments recorded that day.</summary>
    public long Payments { get; init; }

    /// <summary>The revenue of those payments, in minor units by currency.</summary>
    public IReadOnlyDictionary<string, long> Revenue { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>Subscriptions that changed to canceled that day.</summary>
    public long Cancellations { get; init; }

    /// <summary>Subscriptions at the end of the day, by plan and status.</summary>
    public IReadOnlyList<SubscriptionCount> Subscriptions { get; init; } = [];

    /// <summary>Monthly recurring revenue at the end of the day, in minor units by currency (active and past-due subscriptions with a price).</summary>
    public IReadOnlyDictionary<string, long> MonthlyRecurringRevenue { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>Subscriptions that give access at the end of the day (active, trialing or past due), all plans.</summary>
    public long ActiveSubscriptions =>
        Subscriptions.Where(s => s.Status is SubscriptionStatus.Active or SubscriptionStatus.Trialing or SubscriptionStatus.PastDue).Sum(s => s.Count);
}

/// <summary>How many subscriptions of a plan have a status.</summary>
/// <param name="PlanId">The plan.</param>
/// <param name="Status">The status.</param>
/// <param name="Count">How many.</param>
public sealed record SubscriptionCount(string PlanId, SubscriptionStatus Status, long Count);
