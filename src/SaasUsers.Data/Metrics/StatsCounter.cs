namespace SaasUsers.Data;

/// <summary>The names of the daily stats counters, and which of them are levels (gauges) rather than daily flows.</summary>
internal static class StatsCounter
{
    public const string SignUps = "signups";
    public const string DeletedUsers = "deletedUsers";
    public const string Payments = "payments";
    public const string Cancellations = "cancellations";
    public const string RevenuePrefix = "revenue/";
    public const string SubscriptionsPrefix = "subs/";
    public const string MrrPrefix = "mrr/";

    public static string Revenue(string currency) => RevenuePrefix + currency;

    public static string Mrr(string currency) => MrrPrefix + currency;

    // Plan ids may hold ':' but never '/', so '/' separates.
    public static string Subscriptions(string planId, SubscriptionStatus status) => SubscriptionsPrefix + planId + "/" + status;

    public static bool IsGauge(string name) =>
        name.StartsWith(SubscriptionsPrefix, StringComparison.Ordinal) || name.StartsWith(MrrPrefix, StringComparison.Ordinal);
}

/// <summary>What one change adds to one counter of one day.</summary>
internal readonly record struct StatsContribution(DateOnly Day, string Counter, long Delta);
