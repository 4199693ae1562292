using SaasUsers.Data.Build.Processes;

namespace SaasUsers.Data.Build.Tests.Fakes;

public sealed class FakeEnvironment : IEnvironmentVariables
{
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal) { ["PATH"] = "/usr/bin", ["HOME"] = "/root" };

    public string? Get(string name) => Variables.TryGetValue(name, out var value) ? value : null;

    public void Set(string name, string value) => Variables[name] = value;
}
