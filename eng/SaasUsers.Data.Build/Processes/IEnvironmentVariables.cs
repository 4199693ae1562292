namespace SaasUsers.Data.Build.Processes;

/// <summary>The build program's environment: read for settings, written for the child processes it starts.</summary>
public interface IEnvironmentVariables
{
    string? Get(string name);

    /// <summary>Sets a variable for this program and every process it starts from now on.</summary>
    void Set(string name, string value);
}

/// <summary>The process's real environment.</summary>
public sealed class ProcessEnvironmentVariables : IEnvironmentVariables
{
    public string? Get(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    public void Set(string name, string value) => Environment.SetEnvironmentVariable(name, value);
}
