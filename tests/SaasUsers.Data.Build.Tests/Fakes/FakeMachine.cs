using SaasUsers.Data.Build.Processes;

namespace SaasUsers.Data.Build.Tests.Fakes;

/// <summary>
/// A scripted machine for the build's decisions: an engine that answers or not, processes that live or not, and
/// answers for any other command by its leading words. Records every command and daemon start; starts nothing.
/// </summary>
public sealed class FakeMachine : IProcessRunner
{
    private readonly List<(string Prefix, Func<Command, ProcessResult> Answer)> scripted = [];

    public bool EngineAnswers { get; set; }

    /// <summary>The engine's API version, as <c>docker version</c> reports it.</summary>
    public string ApiVersion { get; set; } = "1.41";

    public HashSet<int> LivePids { get; } = [];

    /// <summary>The id the next <see cref="StartDetached"/> returns.</summary>
    public int NextDaemonPid { get; set; } = 4242;

    /// <summary>Whether a started daemon answers <c>docker info</c> (else it runs but never answers).</summary>
    public bool StartedDaemonAnswers { get; set; } = true;

    /// <summary>Whether a started daemon ends on TERM (else only KILL ends it).</summary>
    public bool DaemonStopsOnTerm { get; set; } = true;

    public List<string> Calls { get; } = [];

    public List<Command> Commands { get; } = [];

    public List<Command> Started { get; } = [];

    /// <summary>Every signal sent, as "TERM 4242".</summary>
    public List<string> SignalsSent { get; } = [];

    /// <summary>Answers commands whose text starts with <paramref name="prefix"/> (the latest rule wins).</summary>
    public FakeMachine On(string prefix, Func<Command, ProcessResult> answer)
    {
        scripted.Insert(0, (prefix, answer));
        return this;
    }

    public FakeMachine On(string prefix, int exitCode, string output = "") => On(prefix, _ => new ProcessResult(exitCode, output));

    public bool Ran(string prefix) => Calls.Any(c => c.StartsWith(prefix, StringComparison.Ordinal));

    public Task<ProcessResult> RunAsync(Command command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var text = command.ToString();
        Calls.Add(text);
        Commands.Add(command);
        return Task.FromResult(Answer(command, text));
    }

    public int StartDetached(Command command)
    {
        Started.Add(command);
        var pid = NextDaemonPid;
        LivePids.Add(pid);
        if (StartedDaemonAnswers)
        {
            EngineAnswers = true;
        }

        return pid;
    }

    private ProcessResult Answer(Command command, string text)
    {
        if (command.FileName == "/bin/sh" && command.Arguments is ["-c", var script, "sh", var pidText] && script.StartsWith("kill -", StringComparison.Ordinal))
        {
            var signal = script["kill -".Length..script.IndexOf(" ", "kill -".Length, StringComparison.Ordinal)];
            var pid = int.Parse(pidText, System.Globalization.CultureInfo.InvariantCulture);
            if (!LivePids.Contains(pid))
            {
                return new ProcessResult(1, "no such process");
            }

            if (signal != "0")
            {
                SignalsSent.Add($"{signal} {pid}");
                if (signal == "KILL" || DaemonStopsOnTerm)
                {
                    LivePids.Remove(pid);
                    EngineAnswers = false;
                }
            }

            return new ProcessResult(0, string.Empty);
        }

        foreach (var (prefix, answer) in scripted)
        {
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                return answer(command);
            }
        }

        return text switch
        {
            "docker info" => new ProcessResult(EngineAnswers ? 0 : 1, EngineAnswers ? "Server Version: 20.10.24" : "Cannot connect to the Docker daemon"),
            _ when text.StartsWith("docker version --format {{.Server.APIVersion}}", StringComparison.Ordinal) => EngineAnswers ? new ProcessResult(0, ApiVersion + "\n") : new ProcessResult(1, string.Empty),
            _ when text.StartsWith("docker version", StringComparison.Ordinal) => EngineAnswers ? new ProcessResult(0, $"20.10.24+dfsg1 (API {ApiVersion})\n") : new ProcessResult(1, string.Empty),
            _ => new ProcessResult(ProcessResult.NotFound, $"{command.FileName}: not scripted"),
        };
    }
}
