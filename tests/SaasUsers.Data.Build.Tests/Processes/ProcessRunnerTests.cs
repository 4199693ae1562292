using System.Globalization;
using SaasUsers.Data.Build.Processes;
using Xunit;

namespace SaasUsers.Data.Build.Tests.Processes;

/// <summary>The real process runner, on harmless programs (sh, sleep) this test starts and ends itself.</summary>
public sealed class ProcessRunnerTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("saasusers-build-tests-").FullName;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Run_CapturesOutputAndErrors_AppendsThemToTheLog_AndReturnsTheExitCode()
    {
        var log = Path.Combine(directory, "logs", "step.log");
        var runner = new ProcessRunner(TextWriter.Null);

        var result = await runner.RunAsync(new Command("sh", "-c", "echo out; echo err >&2; exit 3") { LogFile = log }, Cancel);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("out\n", result.Output, StringComparison.Ordinal);
        Assert.Contains("err\n", result.Output, StringComparison.Ordinal);
        Assert.Equal(["err", "out"], File.ReadAllLines(log).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Run_Echo_PrintsEachLineAsItComes()
    {
        var console = new StringWriter();

        await new ProcessRunner(console).RunAsync(new Command("sh", "-c", "echo one; echo two") { Output = OutputMode.Echo }, Cancel);

        Assert.Equal("one\ntwo\n", console.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Run_SetsAndRemovesVariablesForTheChildOnly()
    {
        Environment.SetEnvironmentVariable("SAASUSERS_BUILD_TEST_REMOVED", "present");
        var command = new Command("sh", "-c", "echo \"${SAASUSERS_BUILD_TEST_SET}-${SAASUSERS_BUILD_TEST_REMOVED:-gone}\"")
        {
            Environment = new Dictionary<string, string?> { ["SAASUSERS_BUILD_TEST_SET"] = "set", ["SAASUSERS_BUILD_TEST_REMOVED"] = null },
        };

        var result = await new ProcessRunner(TextWriter.Null).RunAsync(command, Cancel);

        Assert.Equal("set-gone", result.Text);
        Assert.Equal("present", Environment.GetEnvironmentVariable("SAASUSERS_BUILD_TEST_REMOVED"));
    }

    [Fact]
    public async Task Run_OfAMissingProgram_Returns127_SayingWhich()
    {
        var result = await new ProcessRunner(TextWriter.Null).RunAsync(new Command("saasusers-no-such-program"), Cancel);

        Assert.Equal(ProcessResult.NotFound, result.ExitCode);
        Assert.StartsWith("saasusers-no-such-program: ", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PastItsTimeout_IsKilled_AndReturns124()
    {
        var result = await new ProcessRunner(TextWriter.Null).RunAsync(new Command("sleep", "30") { Timeout = TimeSpan.FromMilliseconds(300) }, Cancel);

        Assert.Equal(124, result.ExitCode);
    }

    [Fact]
    public async Task StartDetached_ReturnsTheDaemonsOwnPid_InItsOwnSession_WithOutputInTheLog_AndSignalsEndIt()
    {
        // Given a "daemon" started detached
        var log = Path.Combine(directory, "daemon.log");
        var runner = new ProcessRunner(TextWriter.Null);
        var pid = runner.StartDetached(new Command("sh", "-c", "echo started; exec sleep 30") { LogFile = log });
        try
        {
            // Then the id is the daemon's, it leads its own session, and its output goes to the log
            await WaitUntilAsync(() => File.Exists(log) && File.ReadAllText(log).Contains("started", StringComparison.Ordinal));
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            Assert.Equal(pid.ToString(CultureInfo.InvariantCulture), fields[3]); // session id
            Assert.True(await Signals.IsAliveAsync(runner, pid, Cancel));
        }
        finally
        {
            // And TERM ends it
            Assert.True(await Signals.SendAsync(runner, pid, "TERM", Cancel));
        }

        await WaitUntilAsync(async () => !await Signals.IsAliveAsync(runner, pid, Cancel));
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100, Cancel);
        }

        Assert.Fail("The condition did not hold within 10 s.");
    }
}
