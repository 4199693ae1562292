using System.Diagnostics;
using System.Text;

namespace SaasUsers.Data.Build.Processes;

/// <summary>The real <see cref="IProcessRunner"/>, on <see cref="Process"/>.</summary>
public sealed class ProcessRunner(TextWriter console) : IProcessRunner
{
    /// <summary>How long a cancelled child may take to end by itself (it usually got the same Ctrl+C) before it is killed.</summary>
    private static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(10);

    public async Task<ProcessResult> RunAsync(Command command, CancellationToken cancellationToken)
    {
        var redirect = command.Output != OutputMode.Inherit;
        var info = new ProcessStartInfo(command.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = redirect,
            RedirectStandardError = redirect,
            RedirectStandardInput = redirect,
            WorkingDirectory = command.WorkingDirectory ?? string.Empty,
        };
        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in command.Environment)
        {
            info.Environment[name] = value;
            if (value is null)
            {
                info.Environment.Remove(name);
            }
        }

        using var log = OpenLog(command.LogFile);
        var output = new StringBuilder();
        var gate = new object();
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                output.Append(line).Append('\n');
                log?.WriteLine(line);
                if (command.Output == OutputMode.Echo)
                {
                    console.WriteLine(line);
                }
            }
        }

        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            var message = $"{command.FileName}: {exception.Message}";
            log?.WriteLine(message);
            return new ProcessResult(ProcessResult.NotFound, message);
        }

        if (redirect)
        {
            process.StandardInput.Close(); // nothing waits for input: a question gets end-of-file
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        using var timeout = command.Timeout is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource();
        try
        {
            await process.WaitForExitAsync(timeout.Token).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Kill(process);
            OnLine($"(killed after {command.Timeout!.Value.TotalSeconds:0} s)");
            return new ProcessResult(124, output.ToString());
        }
        catch (OperationCanceledException)
        {
            using var grace = new CancellationTokenSource(CancelGrace);
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                Kill(process);
            }

            throw;
        }

        process.WaitForExit(); // the end of the redirected streams
        lock (gate)
        {
            return new ProcessResult(process.ExitCode, output.ToString());
        }
    }

    public int StartDetached(Command command)
    {
        ArgumentNullException.ThrowIfNull(command.LogFile);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(command.LogFile))!);
        // sh only sets up the descriptors; exec setsid exec's the daemon in place, so the id is the daemon's own.
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("log=\"$1\"; shift; exec setsid \"$@\" >>\"$log\" 2>&1 </dev/null");
        info.ArgumentList.Add("sh");
        info.ArgumentList.Add(command.LogFile);
        info.ArgumentList.Add(command.FileName);
        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {command}.");
        return process.Id;
    }

    private static StreamWriter? OpenLog(string? path)
    {
        if (path is null)
        {
            return null;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return new StreamWriter(path, append: true) { AutoFlush = true };
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended meanwhile.
        }
    }
}
