using SaasUsers.Data.Build.Processes;

namespace SaasUsers.Data.Build.Docker;

/// <summary>
/// The Docker engine the build uses. Disposing it stops the daemon only when the build started it
/// (<see cref="StartedPid"/>); an engine that was running before is never touched.
/// </summary>
public sealed class EngineLease : IAsyncDisposable
{
    /// <summary>Polls of a stopping daemon: it stops its containers (up to 15 s each, in parallel) and containerd first.</summary>
    internal const int StopPolls = 80;

    private readonly BuildContext? context;

    private EngineLease(BuildContext? context, int? startedPid)
    {
        this.context = context;
        StartedPid = startedPid;
    }

    /// <summary>An engine that was there already, or none needed (SAASUSERS_DYNAMODB_URL): nothing to stop.</summary>
    public static EngineLease NotOurs { get; } = new(null, null);

    /// <summary>The id of the dockerd this build started; null when it started none.</summary>
    public int? StartedPid { get; private set; }

    public static EngineLease Started(BuildContext context, int pid) => new(context, pid);

    /// <summary>Stops the daemon this build started (TERM, then KILL after about 40 s). Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (context is null || StartedPid is not { } pid)
        {
            return;
        }

        StartedPid = null;
        // Stopping must finish even when the run was cancelled: the point is to leave nothing running.
        var none = CancellationToken.None;
        var start = context.Log.Start();
        if (!await Signals.IsAliveAsync(context.Runner, pid, none))
        {
            context.Log.Info("engine", $"dockerd (pid {pid}) that this run started has already exited");
            return;
        }

        await Signals.SendAsync(context.Runner, pid, "TERM", none);
        for (var poll = 0; poll < StopPolls; poll++)
        {
            if (!await Signals.IsAliveAsync(context.Runner, pid, none))
            {
                context.Log.Info("engine", $"stopped the dockerd this run started (pid {pid}) ({context.Log.Since(start)})");
                return;
            }

            await context.DelayAsync(none);
        }

        await Signals.SendAsync(context.Runner, pid, "KILL", none);
        context.Log.Info("engine", $"dockerd (pid {pid}) did not stop within 40 s; killed it ({context.Log.Since(start)})");
    }
}
