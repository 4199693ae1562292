namespace SaasUsers.Data.Build.Processes;

/// <summary>
/// Runs the programs the build needs (docker, apt-get, dotnet, ...). Everything the build decides from the machine
/// goes through here or through <see cref="IFileSystem"/>, so the decisions can be tested without a machine.
/// </summary>
public interface IProcessRunner
{
    /// <summary>Runs a process to its end. Cancelling kills it (and its children) unless it ends by itself first.</summary>
    Task<ProcessResult> RunAsync(Command command, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a daemon that outlives nothing it is not asked to: its own session, stdin from /dev/null, output appended
    /// to <see cref="Command.LogFile"/>, nothing waiting on it. Returns its process id.
    /// </summary>
    int StartDetached(Command command);
}
