namespace SaasUsers.Data;

/// <summary>
/// Keeps the capacity an admin tool consumes under a rate, in capacity units a second, across all its workers:
/// each consumption books its share of time, and a worker waits while the bookings run more than a second ahead.
/// </summary>
internal sealed class CapacityRateLimiter
{
    private readonly double? _unitsPerSecond;
    private readonly TimeProvider _timeProvider;
    private readonly object _gate = new();
    private long _bookedUntil;

    public CapacityRateLimiter(double? unitsPerSecond, TimeProvider timeProvider)
    {
        _unitsPerSecond = unitsPerSecond;
        _timeProvider = timeProvider;
        _bookedUntil = timeProvider.GetTimestamp();
    }

    public async ValueTask ConsumeAsync(double units, CancellationToken cancellationToken)
    {
        if (_unitsPerSecond is not { } rate || units <= 0)
        {
            return;
        }

        TimeSpan wait;
        lock (_gate)
        {
            var now = _timeProvider.GetTimestamp();
            var frequency = _timeProvider.TimestampFrequency;
            _bookedUntil = Math.Max(_bookedUntil, now) + (long)(units / rate * frequency);

            // One second of capacity may be used at once (DynamoDB itself allows bursts); beyond it, wait.
            var ahead = _bookedUntil - now - frequency;
            wait = ahead > 0 ? TimeSpan.FromSeconds(ahead / (double)frequency) : TimeSpan.Zero;
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }
}
