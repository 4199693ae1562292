namespace SaasUsers.Data.Sample;

/// <summary>
/// The system clock, except inside <see cref="Backdate"/>: there "now" is the given time, for the code of that
/// async flow only. The seed uses it to sign customers up on past days, so the stats chart has a history.
/// </summary>
internal sealed class SampleClock : TimeProvider
{
    private static readonly AsyncLocal<DateTimeOffset?> Override = new();

    public override DateTimeOffset GetUtcNow() => Override.Value ?? base.GetUtcNow();

    /// <summary>Makes "now" <paramref name="time"/> for the rest of the calling async flow.</summary>
    public static void Backdate(DateTimeOffset time) => Override.Value = time;
}
