using SaasUsers.Data.Build.Processes;

namespace SaasUsers.Data.Build;

/// <summary>What every step works with: the machine (through its abstractions), the settings, the log.</summary>
public sealed record BuildContext(
    IProcessRunner Runner,
    IFileSystem Files,
    IEnvironmentVariables Environment,
    BuildLog Log,
    BuildSettings Settings,
    string RepositoryRoot)
{
    /// <summary>Whether the build runs as root, the only user that may install packages or start dockerd.</summary>
    public bool IsRoot { get; init; }

    /// <summary>Pauses between polls (zero in the tests).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public string ArtifactsDirectory => Path.Combine(RepositoryRoot, "artifacts");

    /// <summary>This context with <paramref name="url"/> as its DynamoDB Local (a container the run started).</summary>
    public BuildContext WithDynamoDbUrl(string url) => this with { Settings = Settings with { DynamoDbUrl = url } };

    public string LogFile(string name) => Path.Combine(Settings.LogDirectory, name);

    /// <summary>Whether a program is on the PATH.</summary>
    public bool HasProgram(string name) =>
        (Environment.Get("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => Files.FileExists(Path.Combine(directory, name)));

    /// <summary>Debian or Ubuntu with apt-get: where the build installs what it needs (docker.io, debootstrap, clang).</summary>
    public bool IsDebianLike()
    {
        if (!Files.FileExists("/etc/os-release") || !HasProgram("apt-get"))
        {
            return false;
        }

        return Files.ReadAllText("/etc/os-release").Split('\n').Any(line =>
            (line.StartsWith("ID=", StringComparison.Ordinal) || line.StartsWith("ID_LIKE=", StringComparison.Ordinal)) &&
            (line.Contains("debian", StringComparison.Ordinal) || line.Contains("ubuntu", StringComparison.Ordinal)));
    }

    public Task<ProcessResult> RunAsync(Command command, CancellationToken cancellationToken) => Runner.RunAsync(command, cancellationToken);

    public Task DelayAsync(CancellationToken cancellationToken) =>
        PollInterval > TimeSpan.Zero ? Task.Delay(PollInterval, cancellationToken) : Task.CompletedTask;
}
