using SaasUsers.Data.Build.Processes;

namespace SaasUsers.Data.Build.Tests.Fakes;

/// <summary>A fake machine, file system and environment wired into a <see cref="BuildContext"/>, with the printed lines.</summary>
public sealed class TestMachine
{
    public const string Root = "/repo";

    public FakeMachine Processes { get; } = new();

    public FakeFileSystem Files { get; } = new();

    public FakeEnvironment Environment { get; } = new();

    public StringWriter Output { get; } = new();

    public bool IsRoot { get; set; } = true;

    public IReadOnlyList<string> Lines => Output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public BuildContext Context() => new(
        Processes,
        Files,
        Environment,
        new BuildLog(Output, TimeProvider.System),
        BuildSettings.Read(Environment, Root),
        Root)
    {
        IsRoot = IsRoot,
        PollInterval = TimeSpan.Zero,
    };
}
