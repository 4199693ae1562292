using System.Runtime.InteropServices;

namespace SaasUsers.Data.Benchmarks.Ratios;

/// <summary>The calling thread's CPU time (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>); wall-clock time elsewhere.</summary>
internal static partial class ThreadCpuTime
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>Whether the thread's CPU time is available (else <see cref="Nanoseconds"/> is wall-clock time).</summary>
    public static bool IsAvailable { get; } = OperatingSystem.IsLinux() && TryRead(out _);

    /// <summary>The thread's CPU time in nanoseconds.</summary>
    public static double Nanoseconds() =>
        IsAvailable && TryRead(out var ns) ? ns : System.Diagnostics.Stopwatch.GetTimestamp() * (1_000_000_000.0 / System.Diagnostics.Stopwatch.Frequency);

    private static bool TryRead(out double nanoseconds)
    {
        if (ClockGetTime(ClockThreadCpuTimeId, out var time) == 0)
        {
            nanoseconds = (time.Seconds * 1_000_000_000.0) + time.Nanoseconds;
            return true;
        }

        nanoseconds = 0;
        return false;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
