namespace SaasUsers.Data;

/// <summary>Exponential back-off with full jitter, for retrying what DynamoDB left unprocessed or cancelled for contention.</summary>
internal static class RetryDelay
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The clock retries wait on: always real time. The table's <see cref="TimeProvider"/> serves timestamps and
    /// cursor expiry, and a fake one in an application's tests must not stall a retry that waits on it.
    /// </summary>
    public static TimeProvider Clock => TimeProvider.System;

    /// <summary>The delay before retry number <paramref name="attempt"/> (1 for the first retry).</summary>
    public static TimeSpan Compute(int attempt)
    {
        var exponential = Base.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16));
        var ceiling = Math.Min(Cap.TotalMilliseconds, exponential);
        // Full jitter spreads competing clients apart.
        return TimeSpan.FromMilliseconds(ceiling / 2 + (Random.Shared.NextDouble() * ceiling / 2));
    }
}
