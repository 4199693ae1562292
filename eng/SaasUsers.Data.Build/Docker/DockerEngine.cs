using System.Globalization;
using SaasUsers.Data.Build.Processes;

namespace SaasUsers.Data.Build.Docker;

/// <summary>
/// Makes a Docker engine answer. An engine that answers is used as it is and left running. Otherwise, only for this
/// machine's own socket, with autostart allowed and as root: <c>apt-get install docker.io</c> when dockerd is
/// missing (Debian/Ubuntu), then dockerd started detached; the returned lease stops exactly that daemon.
/// </summary>
public sealed class DockerEngine(BuildContext context)
{
    public const string Step = "engine";

    public const string PidFile = "/var/run/docker.pid";

    /// <summary>Polls while a daemon comes up: about 60 s.</summary>
    internal const int StartPolls = 120;

    private static readonly TimeSpan InfoTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(5);
    private const string Alternatives = "set SAASUSERS_DYNAMODB_URL to a running DynamoDB Local";

    private BuildLog Log => context.Log;

    public async Task<EngineLease> EnsureAsync(CancellationToken cancellationToken)
    {
        var start = Log.Start();
        if (await DockerCli.EngineAnswersAsync(context, InfoTimeout, cancellationToken))
        {
            Log.Info(Step, $"found one running, Docker {await DockerCli.DescribeEngineAsync(context, cancellationToken)}; using it as it is, and leaving it running ({Log.Since(start)})");
            return EngineLease.NotOurs;
        }

        var settings = context.Settings;
        if (!settings.DockerHostIsLocal)
        {
            throw Fail($"no Docker engine answers at DOCKER_HOST={settings.DockerHost}; start it, unset DOCKER_HOST, or {Alternatives}");
        }

        if (!settings.DockerAutostart)
        {
            throw Fail($"no Docker engine answers, and SAASUSERS_DOCKER_AUTOSTART=0 forbids installing or starting one; start Docker, or {Alternatives}");
        }

        if (!context.IsRoot)
        {
            throw Fail($"no Docker engine answers, and only root may install or start one here; start Docker (or run as root), or {Alternatives}");
        }

        if (!context.HasProgram("dockerd"))
        {
            if (!context.IsDebianLike())
            {
                throw Fail($"no Docker engine answers and dockerd is not installed; the build installs it only on Debian/Ubuntu (apt-get install docker.io); install Docker, or {Alternatives}");
            }

            var install = Log.Start();
            await AptPackages.InstallAsync(context, Step, ["docker.io"], recommends: false, cancellationToken);
            Log.Info(Step, $"installed docker.io ({Log.Since(install)})");
            if (await DockerCli.EngineAnswersAsync(context, InfoTimeout, cancellationToken))
            {
                // A package script started the daemon (a machine with an init system): it came with this run, so it goes with it.
                if (ReadPidFile() is { } packagePid)
                {
                    Log.Info(Step, $"the package started dockerd (pid {packagePid}); it will be stopped at the end ({Log.Since(start)})");
                    return EngineLease.Started(context, packagePid);
                }

                Log.Info(Step, $"the package started an engine whose pid is unknown; using it and leaving it running ({Log.Since(start)})");
                return EngineLease.NotOurs;
            }
        }

        // A live pid file means a daemon that is not ours is still coming up; a stale one keeps dockerd from starting.
        if (context.Files.FileExists(PidFile))
        {
            if (ReadPidFile() is { } pid && await Signals.IsAliveAsync(context.Runner, pid, cancellationToken))
            {
                Log.Info(Step, $"dockerd (pid {pid}, not started by this run) is running but does not answer yet; waiting for it");
                if (await WaitUntilAnswersAsync(pid, cancellationToken))
                {
                    Log.Info(Step, $"dockerd (pid {pid}) answers; using it as it is, and leaving it running ({Log.Since(start)})");
                    return EngineLease.NotOurs;
                }

                throw Fail($"dockerd (pid {pid}) runs but does not answer 'docker info' after 60 s; it is not this run's to restart");
            }

            context.Files.DeleteFile(PidFile);
        }

        return await StartAsync(start, cancellationToken);
    }

    private async Task<EngineLease> StartAsync(long start, CancellationToken cancellationToken)
    {
        var log = context.LogFile("dockerd.log");
        var pid = context.Runner.StartDetached(new Command("dockerd") { LogFile = log });
        var lease = EngineLease.Started(context, pid);
        try
        {
            if (!await WaitUntilAnswersAsync(pid, cancellationToken))
            {
                throw new StepFailedException(Step, $"dockerd (pid {pid}) did not answer within 60 s (log: {log})", log);
            }
        }
        catch
        {
            await lease.DisposeAsync();
            throw;
        }

        Log.Info(Step, $"started dockerd, Docker {await DockerCli.DescribeEngineAsync(context, cancellationToken)}, pid {pid}; it will be stopped at the end ({Log.Since(start)})");
        return lease;
    }

    /// <summary>Polls <c>docker info</c>; gives up early when the daemon process has exited.</summary>
    private async Task<bool> WaitUntilAnswersAsync(int pid, CancellationToken cancellationToken)
    {
        for (var poll = 0; poll < StartPolls; poll++)
        {
            if (await DockerCli.EngineAnswersAsync(context, PollTimeout, cancellationToken))
            {
                return true;
            }

            if (!await Signals.IsAliveAsync(context.Runner, pid, cancellationToken))
            {
                return false;
            }

            await context.DelayAsync(cancellationToken);
        }

        return false;
    }

    private int? ReadPidFile() =>
        context.Files.FileExists(PidFile) && int.TryParse(context.Files.ReadAllText(PidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            ? pid
            : null;

    private static StepFailedException Fail(string message) => new(Step, message);
}
