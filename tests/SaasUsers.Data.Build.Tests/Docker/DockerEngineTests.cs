using SaasUsers.Data.Build.Docker;
using SaasUsers.Data.Build.Tests.Fakes;
using Xunit;

namespace SaasUsers.Data.Build.Tests.Docker;

/// <summary>When the build uses, installs, starts and stops a Docker engine: never a daemon it did not start.</summary>
public sealed class DockerEngineTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EngineThatAnswers_IsUsedAsItIs_AndNotStoppedAtTheEnd()
    {
        // Given an engine that answers
        var machine = new TestMachine();
        machine.Processes.EngineAnswers = true;

        // When the build ensures an engine and then finishes
        var lease = await new DockerEngine(machine.Context()).EnsureAsync(Cancel);
        await lease.DisposeAsync();

        // Then it installed, started and signalled nothing
        Assert.Null(lease.StartedPid);
        Assert.Empty(machine.Processes.Started);
        Assert.Empty(machine.Processes.SignalsSent);
        Assert.False(machine.Processes.Ran("apt-get"));
        Assert.Contains(machine.Lines, l => l.Contains("[engine] found one running, Docker 20.10.24+dfsg1 (API 1.41); using it as it is, and leaving it running", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoEngine_WithAutostartDisabled_FailsSayingSo_AndStartsNothing()
    {
        var machine = new TestMachine();
        machine.Files.WithDebian().WithPrograms("dockerd", "docker");
        machine.Environment.Set("SAASUSERS_DOCKER_AUTOSTART", "0");

        var failure = await Assert.ThrowsAsync<StepFailedException>(() => new DockerEngine(machine.Context()).EnsureAsync(Cancel));

        Assert.Equal("engine", failure.Step);
        Assert.Contains("SAASUSERS_DOCKER_AUTOSTART=0 forbids installing or starting one", failure.Message, StringComparison.Ordinal);
        Assert.Contains("SAASUSERS_DYNAMODB_URL", failure.Message, StringComparison.Ordinal);
        Assert.Empty(machine.Processes.Started);
        Assert.False(machine.Processes.Ran("apt-get"));
    }

    [Fact]
    public async Task NoEngine_AtAnotherDockerHost_FailsWithoutStartingALocalDaemon()
    {
        var machine = new TestMachine();
        machine.Files.WithDebian().WithPrograms("dockerd");
        machine.Environment.Set("DOCKER_HOST", "unix:///tmp/none.sock");

        var failure = await Assert.ThrowsAsync<StepFailedException>(() => new DockerEngine(machine.Context()).EnsureAsync(Cancel));

        Assert.Contains("no Docker engine answers at DOCKER_HOST=unix:///tmp/none.sock", failure.Message, StringComparison.Ordinal);
        Assert.Empty(machine.Processes.Started);
    }

    [Fact]
    public async Task NoEngine_NotRoot_FailsSayingOnlyRootMayStartOne()
    {
        var machine = new TestMachine { IsRoot = false };
        machine.Files.WithDebian().WithPrograms("dockerd");

        var failure = await Assert.ThrowsAsync<StepFailedException>(() => new DockerEngine(machine.Context()).EnsureAsync(Cancel));

        Assert.Contains("only root may install or start one", failure.Message, StringComparison.Ordinal);
        Assert.Empty(machine.Processes.Started);
    }

    [Fact]
    public async Task NoDockerd_NotDebian_FailsSayingWhereItInstalls()
    {
        var machine = new TestMachine();

        var failure = await Assert.ThrowsAsync<StepFailedException>(() => new DockerEngine(machine.Context()).EnsureAsync(Cancel));

        Assert.Contains("installs it only on Debian/Ubuntu", failure.Message, StringComparison.Ordinal);
        Assert.False(machine.Processes.Ran("apt-get"));
    }

    [Fact]
    public async Task FreshDebianMachine_InstallsDockerIo_StartsDockerdDetached_AndStopsExactlyThatDaemonAtTheEnd()
    {
        // Given a fresh Debian machine as root: no engine, no dockerd
        var machine = new TestMachine();
        machine.Files.WithDebian();
        machine.Processes.On("apt-get install -y --no-install-recommends docker.io", c =>
        {
            machine.Files.WithPrograms("dockerd", "docker");
            return new(0, "installed");
        });
        machine.Processes.LivePids.Add(1); // another process that must never be signalled

        // When the build ensures an engine, then finishes
        var lease = await new DockerEngine(machine.Context()).EnsureAsync(Cancel);
        Assert.Equal(4242, lease.StartedPid);
        await lease.DisposeAsync();
        await lease.DisposeAsync(); // idempotent

        // Then it installed docker.io, started dockerd with its log under artifacts/logs, and stopped that pid once
        var started = Assert.Single(machine.Processes.Started);
        Assert.Equal("dockerd", started.FileName);
        Assert.Equal("/repo/artifacts/logs/dockerd.log", started.LogFile);
        Assert.Equal(["TERM 4242"], machine.Processes.SignalsSent);
        Assert.Contains(machine.Lines, l => l.Contains("[engine] started dockerd, Docker 20.10.24+dfsg1 (API 1.41), pid 4242; it will be stopped at the end", StringComparison.Ordinal));
        Assert.Contains(machine.Lines, l => l.Contains("[engine] stopped the dockerd this run started (pid 4242)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AptInstallFailing_UpdatesThePackageListsAndRetries()
    {
        var machine = new TestMachine();
        machine.Files.WithDebian();
        var installs = 0;
        machine.Processes.On("apt-get install", _ =>
        {
            installs++;
            if (installs == 1)
            {
                return new(100, "E: Unable to locate package docker.io");
            }

            machine.Files.WithPrograms("dockerd");
            return new(0, string.Empty);
        });
        machine.Processes.On("apt-get update", 0);

        await using var lease = await new DockerEngine(machine.Context()).EnsureAsync(Cancel);

        Assert.Equal(["apt-get install -y --no-install-recommends docker.io", "apt-get update", "apt-get install -y --no-install-recommends docker.io"], machine.Processes.Calls.Where(c => c.StartsWith("apt-get", StringComparison.Ordinal)));
        Assert.Equal(4242, lease.StartedPid);
    }

    [Fact]
    public async Task InstallThatFails_NamesTheStepAndTheLog()
    {
        var machine = new TestMachine();
        machine.Files.WithDebian();
        machine.Processes.On("apt-get", 100);

        var failure = await Assert.ThrowsAsync<StepFailedException>(() => new DockerEngine(machine.Context()).EnsureAsync(Cancel));

        Assert.Equal("engine", failure.Step);
        Assert.Equal("/repo/artifacts/logs/apt-install.log", failure.LogFile);
        Assert.Empty(machine.Processes.Started);
    }

    [Fact]
    public async Task StalePidFile_IsRemoved_ThenDockerdStarts()
    {
        var machine = new TestMachine();
        machine.Files.WithDebian().WithPrograms("dockerd").With(DockerEngine.PidFile, "999\n");

        await using var lease = await new DockerEngine(machine.Context()).EnsureAsync(Cancel);

        Assert.False(machine.Files.FileExists(DockerEngine.PidFile));
        Assert.Single(machine.Processes.Started);
    }

    [Fact]
    public async Task ForeignDaemonStillComingUp_IsWaitedFor_AndLeftRunning()
    {
        // Given a dockerd that is not ours: its pid file names a live process, and it answers on the third poll
        var machine = new TestMachine();
        machine.Files.WithDebian().WithPrograms("dockerd").With(DockerEngine.PidFile, "777");
        machine.Processes.LivePids.Add(777);
        var polls = 0;
        machine.Processes.On("docker info", _ => new(++polls >= 4 ? 0 : 1, string.Empty));

        var lease = await new DockerEngine(machine.Context()).EnsureAsync(Cancel);
        await lease.DisposeAsync();

        Assert.Null(lease.StartedPid);
        Assert.Empty(machine.Processes.Started);
        Assert.Empty(machine.Processes.SignalsSent);
        Assert.Contains(machine.Lines, l => l.Contains("dockerd (pid 777) answers; using it as it is, and leaving it running", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartedDaemonThatNeverAnswers_IsStopped_AndTheFailureShowsItsLog()
    {
        var machine = new TestMachine();
        machine.Files.WithDebian().WithPrograms("dockerd");
        machine.Processes.StartedDaemonAnswers = false;

        var failure = await Assert.ThrowsAsync<StepFailedException>(() => new DockerEngine(machine.Context()).EnsureAsync(Cancel));

        Assert.Contains("dockerd (pid 4242) did not answer within 60 s", failure.Message, StringComparison.Ordinal);
        Assert.Equal("/repo/artifacts/logs/dockerd.log", failure.LogFile);
        Assert.Equal(["TERM 4242"], machine.Processes.SignalsSent);
        Assert.Equal(DockerEngine.StartPolls + 1, machine.Processes.Calls.Count(c => c == "docker info"));
    }

    [Fact]
    public async Task StartedDaemonThatExits_FailsAtOnce_WithoutWaitingTheMinute()
    {
        var machine = new TestMachine();
        machine.Files.WithDebian().WithPrograms("dockerd");
        machine.Processes.StartedDaemonAnswers = false;
        machine.Processes.On("docker info", _ =>
        {
            machine.Processes.LivePids.Remove(4242); // it died
            return new(1, string.Empty);
        });

        await Assert.ThrowsAsync<StepFailedException>(() => new DockerEngine(machine.Context()).EnsureAsync(Cancel));

        Assert.Equal(2, machine.Processes.Calls.Count(c => c == "docker info"));
        Assert.Empty(machine.Processes.SignalsSent);
    }

    [Fact]
    public async Task DaemonThatIgnoresTerm_IsKilled_AfterTheGracePeriod()
    {
        var machine = new TestMachine();
        machine.Files.WithDebian().WithPrograms("dockerd");
        machine.Processes.DaemonStopsOnTerm = false;

        var lease = await new DockerEngine(machine.Context()).EnsureAsync(Cancel);
        await lease.DisposeAsync();

        Assert.Equal(["TERM 4242", "KILL 4242"], machine.Processes.SignalsSent);
    }

    [Fact]
    public async Task DaemonStartedByThePackage_CameWithThisRun_AndIsStoppedAtTheEnd()
    {
        // Given an install whose package script starts dockerd (a machine with an init system)
        var machine = new TestMachine();
        machine.Files.WithDebian();
        machine.Processes.On("apt-get install", _ =>
        {
            machine.Files.WithPrograms("dockerd").With(DockerEngine.PidFile, "555");
            machine.Processes.LivePids.Add(555);
            machine.Processes.EngineAnswers = true;
            return new(0, string.Empty);
        });

        var lease = await new DockerEngine(machine.Context()).EnsureAsync(Cancel);
        await lease.DisposeAsync();

        Assert.Empty(machine.Processes.Started);
        Assert.Equal(["TERM 555"], machine.Processes.SignalsSent);
    }
}
