using System.Globalization;

namespace SaasUsers.Data.Build.Processes;

/// <summary>Signals to a process by id, through the shell's <c>kill</c> (which every machine has).</summary>
public static class Signals
{
    /// <summary>Whether the process exists (<c>kill -0</c>).</summary>
    public static async Task<bool> IsAliveAsync(IProcessRunner runner, int pid, CancellationToken cancellationToken) =>
        (await runner.RunAsync(Kill("0", pid), cancellationToken)).Succeeded;

    /// <summary>Sends TERM or KILL; false when there was no such process.</summary>
    public static async Task<bool> SendAsync(IProcessRunner runner, int pid, string signal, CancellationToken cancellationToken) =>
        (await runner.RunAsync(Kill(signal, pid), cancellationToken)).Succeeded;

    internal static Command Kill(string signal, int pid) =>
        new("/bin/sh", "-c", $"kill -{signal} \"$1\"", "sh", pid.ToString(CultureInfo.InvariantCulture));
}
