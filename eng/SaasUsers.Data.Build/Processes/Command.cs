namespace SaasUsers.Data.Build.Processes;

/// <summary>Where a child process's output goes.</summary>
public enum OutputMode
{
    /// <summary>Captured into <see cref="ProcessResult.Output"/> (and appended to the log file, when one is named).</summary>
    Capture,

    /// <summary>Printed as it comes, and also captured and logged: long steps whose output a reader wants to follow.</summary>
    Echo,

    /// <summary>The build program's own terminal, untouched (an interactive child such as the sample).</summary>
    Inherit,
}

/// <summary>A process to run: program, arguments (passed as they are, no shell), and how to treat it.</summary>
public sealed record Command(string FileName, IReadOnlyList<string> Arguments)
{
    public Command(string fileName, params string[] arguments)
        : this(fileName, (IReadOnlyList<string>)arguments)
    {
    }

    public string? WorkingDirectory { get; init; }

    /// <summary>Variables set (or, with a null value, removed) for this process only, on top of the program's own.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>A file the output is appended to (created with its folder), so a failure can show its tail.</summary>
    public string? LogFile { get; init; }

    public OutputMode Output { get; init; } = OutputMode.Capture;

    /// <summary>Killed (with its children) after this long; null waits as long as it takes.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The command as a reader would type it, for progress lines and errors.</summary>
    public override string ToString() =>
        string.Join(' ', new[] { FileName }.Concat(Arguments).Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) ? $"\"{a}\"" : a));
}

/// <summary>How a process ended. Exit code 127 means it could not be started (program not found).</summary>
public sealed record ProcessResult(int ExitCode, string Output)
{
    public const int NotFound = 127;

    public bool Succeeded => ExitCode == 0;

    /// <summary>The output without surrounding white space: what a one-line answer (<c>docker version --format</c>) says.</summary>
    public string Text => Output.Trim();
}
