using System.Runtime.InteropServices;

namespace SaasUsers.Data.Benchmarks.Ratios;

/// <summary>
/// CPU time from Linux <c>clock_gettime</c>: of the calling thread (<c>CLOCK_THREAD_CPUTIME_ID</c>) or of the whole
/// process (<c>CLOCK_PROCESS_CPUTIME_ID</c>: every thread, the GC's included); wall-clock time elsewhere.
/// </summary>
internal static partial class CpuTime
{
    private const int ClockProcessCpuTimeId = 2;
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>Whether CPU time is available (else the methods return wall-clock time).</summary>
    public static bool IsAvailable { get; } = OperatingSystem.IsLinux() && TryRead(ClockThreadCpuTimeId, out _);

    /// <summary>The calling thread's CPU time in nanoseconds.</summary>
    public static double Thread() => Read(ClockThreadCpuTimeId);

    /// <summary>The process's CPU time in nanoseconds (all threads).</summary>
    public static double Process() => Read(ClockProcessCpuTimeId);

    private static double Read(int clockId) =>
        IsAvailable && TryRead(clockId, out var ns) ? ns : System.Diagnostics.Stopwatch.GetTimestamp() * (1_000_000_000.0 / System.Diagnostics.Stopwatch.Frequency);

    private static bool TryRead(int clockId, out double nanoseconds)
    {
        if (ClockGetTime(clockId, out var time) == 0)
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
