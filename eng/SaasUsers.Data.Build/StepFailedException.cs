namespace SaasUsers.Data.Build;

/// <summary>
/// A step could not do its work. The command that ran it prints the step's name, the reason and the tail of the log
/// named here, then the count line, and exits non-zero.
/// </summary>
public sealed class StepFailedException(string step, string message, string? logFile = null) : Exception(message)
{
    public string Step { get; } = step;

    public string? LogFile { get; } = logFile;
}
