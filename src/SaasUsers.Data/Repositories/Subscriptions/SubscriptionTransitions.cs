namespace SaasUsers.Data;

/// <summary>
/// Which subscription status changes make sense. A change from one status to another is allowed when the
/// provider's lifecycle can lead from the first to the second, directly or through other statuses: webhook
/// events can be lost or arrive out of order, so the stored status may be several steps behind the event.
/// A canceled or expired subscription never comes back, and a started one never becomes incomplete again.
/// </summary>
public static class SubscriptionTransitions
{
    private static readonly Dictionary<SubscriptionStatus, SubscriptionStatus[]> Direct = new()
    {
        [SubscriptionStatus.Incomplete] = [SubscriptionStatus.Active, SubscriptionStatus.Trialing, SubscriptionStatus.PastDue, SubscriptionStatus.IncompleteExpired, SubscriptionStatus.Canceled],
        [SubscriptionStatus.Trialing] = [SubscriptionStatus.Active, SubscriptionStatus.PastDue, SubscriptionStatus.Unpaid, SubscriptionStatus.Paused, SubscriptionStatus.Canceled],
        [SubscriptionStatus.Active] = [SubscriptionStatus.PastDue, SubscriptionStatus.Unpaid, SubscriptionStatus.Paused, SubscriptionStatus.Canceled],
        [SubscriptionStatus.PastDue] = [SubscriptionStatus.Active, SubscriptionStatus.Unpaid, SubscriptionStatus.Paused, SubscriptionStatus.Canceled],
        [SubscriptionStatus.Unpaid] = [SubscriptionStatus.Active, SubscriptionStatus.PastDue, SubscriptionStatus.Canceled],
        [SubscriptionStatus.Paused] = [SubscriptionStatus.Active, SubscriptionStatus.Trialing, SubscriptionStatus.PastDue, SubscriptionStatus.Canceled],
        [SubscriptionStatus.Canceled] = [],
        [SubscriptionStatus.IncompleteExpired] = [],
    };

    private static readonly Dictionary<SubscriptionStatus, HashSet<SubscriptionStatus>> Reachable = Direct.Keys.ToDictionary(s => s, Reach);

    /// <summary>Whether a subscription stored with status <paramref name="from"/> may take status <paramref name="to"/> (the same status always may).</summary>
    public static bool IsAllowed(SubscriptionStatus from, SubscriptionStatus to) =>
        from == to || (Reachable.TryGetValue(from, out var targets) && targets.Contains(to));

    /// <summary>
    /// Whether <paramref name="to"/> comes later in the lifecycle than <paramref name="from"/>: the change is allowed
    /// and moves forward in the order incomplete, trialing, active, past due, unpaid, paused, canceled / incomplete
    /// expired. Events of the same second (the provider's time resolution) apply only when they move forward, so the
    /// result does not depend on the order they arrive in.
    /// </summary>
    public static bool IsLaterInLifecycle(SubscriptionStatus from, SubscriptionStatus to) =>
        from != to && IsAllowed(from, to) && Rank(to) > Rank(from);

    /// <summary>The stored statuses from which <paramref name="to"/> moves forward in the lifecycle (see <see cref="IsLaterInLifecycle"/>).</summary>
    public static IReadOnlyList<SubscriptionStatus> LaterInLifecycleFrom(SubscriptionStatus to) =>
        Direct.Keys.Where(from => IsLaterInLifecycle(from, to)).ToArray();

    /// <summary>The stored statuses from which <paramref name="to"/> may be reached.</summary>
    public static IReadOnlyList<SubscriptionStatus> AllowedFrom(SubscriptionStatus to) =>
        Direct.Keys.Where(from => IsAllowed(from, to)).ToArray();

    private static int Rank(SubscriptionStatus status) => status switch
    {
        SubscriptionStatus.Incomplete => 0,
        SubscriptionStatus.Trialing => 1,
        SubscriptionStatus.Active => 2,
        SubscriptionStatus.PastDue => 3,
        SubscriptionStatus.Unpaid => 4,
        SubscriptionStatus.Paused => 5,
        _ => 6,
    };

    private static HashSet<SubscriptionStatus> Reach(SubscriptionStatus start)
    {
        var seen = new HashSet<SubscriptionStatus>();
        var pending = new Stack<SubscriptionStatus>(Direct[start]);
        while (pending.Count > 0)
        {
            var status = pending.Pop();
            if (seen.Add(status))
            {
                foreach (var next in Direct[status])
                {
                    pending.Push(next);
                }
            }
        }

        return seen;
    }
}
