namespace SaasUsers.Data.Tests.Table;

/// <summary>
/// Counts the requests in flight through a test's probe. Each request waits until <c>hold</c> are in flight at once
/// (at most 20 s, after which it goes on), so that the overlap a test asserts does not depend on timing; from then on
/// nothing waits.
/// </summary>
internal sealed class InFlightGate(int hold)
{
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private int _maxInFlight;
    private int _sent;

    /// <summary>The most requests that were in flight at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>How many requests came through.</summary>
    public int Sent => Volatile.Read(ref _sent);

    /// <summary>Counts one request (numbered from 1), waits for the others, then sends it with <paramref name="send"/>.</summary>
    public async Task<T> PassAsync<T>(Func<int, Task<T>> send, CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _sent);
        var inFlight = Interlocked.Increment(ref _inFlight);
        try
        {
            int max;
            while (inFlight > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, inFlight, max) != max)
            {
            }

            if (inFlight >= hold)
            {
                _held.TrySetResult();
            }

            await Task.WhenAny(_held.Task, Task.Delay(TimeSpan.FromSeconds(20), cancellationToken)).ConfigureAwait(false);
            return await send(number).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
