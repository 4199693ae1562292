namespace SaasUsers.Data;

/// <summary>Lets the admin tools' workers report progress at most once an interval (four times a second), whichever worker is first.</summary>
internal sealed class ProgressThrottle(TimeProvider timeProvider)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private long _last;

    /// <summary>Whether this caller should report now; true for exactly one caller an interval.</summary>
    public bool IsDue()
    {
        var now = timeProvider.GetTimestamp();
        var last = Interlocked.Read(ref _last);
        return (last == 0 || timeProvider.GetElapsedTime(last, now) >= Interval)
            && Interlocked.CompareExchange(ref _last, now, last) == last;
    }
}
