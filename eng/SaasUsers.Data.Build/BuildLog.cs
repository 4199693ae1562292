using System.Diagnostics;
using System.Globalization;

namespace SaasUsers.Data.Build;

/// <summary>
/// The progress lines: <c>09:52:01 [engine] found one running, Docker 20.10.24 (API 1.41); using it (0.1 s)</c>.
/// Errors go to the same stream as progress, so the order holds and the count line really is the last line.
/// </summary>
public sealed class BuildLog(TextWriter output, TimeProvider time)
{
    public TextWriter Output => output;

    public void Info(string step, string message) => Write(step, message);

    public void Error(string step, string message) => Write(step, "error: " + message);

    /// <summary>The last lines of a log file, indented, after an error that names it.</summary>
    public void Tail(string path, int lines = 15)
    {
        if (!File.Exists(path))
        {
            return;
        }

        foreach (var line in File.ReadLines(path).TakeLast(lines))
        {
            output.WriteLine("    | " + line);
        }
    }

    /// <summary>A line printed as it is (the count line, a child's echoed output).</summary>
    public void Line(string text) => output.WriteLine(text);

    /// <summary>Seconds since <paramref name="start"/> (a <see cref="Stopwatch.GetTimestamp"/>), as a progress line shows them.</summary>
    public string Since(long start) =>
        string.Create(CultureInfo.InvariantCulture, $"{time.GetElapsedTime(start).TotalSeconds:0.0} s");

    public long Start() => time.GetTimestamp();

    private void Write(string step, string message) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{time.GetLocalNow():HH:mm:ss} [{step}] {message}"));
}
