using SaasUsers.Data.Build.Browser;
using SaasUsers.Data.Build.Steps;
using SaasUsers.Data.Build.Tests.Fakes;
using SaasUsers.Data.Build.Tests.Results;
using Xunit;

namespace SaasUsers.Data.Build.Tests.Browser;

/// <summary>The browser tests' Chromium: found, installed on a fresh Debian machine, or a clear failure; never a skip.</summary>
public sealed class ChromiumBrowserTests
{
    private const string Version = "/usr/bin/chromium: 9: [: Linux: unexpected operator\nChromium 156.0.8078.114 built on Debian GNU/Linux 12 (bookworm)\n";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OnThePath_IsUsedAsItIs_AndNamedForTheTests()
    {
        var machine = new TestMachine();
        machine.Files.WithDebian().WithPrograms("chromium");
        machine.Processes.On("/usr/bin/chromium --version", 0, Version);

        var executable = await new ChromiumBrowser(machine.Context()).EnsureAsync(Cancel);

        Assert.Equal("/usr/bin/chromium", executable);
        Assert.Equal("/usr/bin/chromium", machine.Environment.Get(ChromiumBrowser.Variable));
        Assert.False(machine.Processes.Ran("apt-get"));
        Assert.Contains(machine.Lines, l => l.Contains("[chromium] found: /usr/bin/chromium (Chromium 156.0.8078.114 built on Debian GNU/Linux 12 (bookworm)); SAASUSERS_CHROMIUM set for the tests", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FreshDebianMachine_AsRoot_InstallsChromiumWithApt_ThenNamesIt()
    {
        // Given a fresh Debian machine as root, no browser
        var machine = new TestMachine();
        machine.Files.WithDebian();
        machine.Processes.On("apt-get install -y chromium", _ =>
        {
            machine.Files.WithPrograms("chromium");
            return new(0, "Setting up chromium (156.0.8078.114-1~deb12u1) ...");
        });
        machine.Processes.On("/usr/bin/chromium --version", 0, Version);

        // When the build ensures the browser
        var executable = await new ChromiumBrowser(machine.Context()).EnsureAsync(Cancel);

        // Then Debian's package was installed (with its recommended fonts), once, and the tests get its path
        Assert.Equal("/usr/bin/chromium", executable);
        Assert.Equal(["apt-get install -y chromium"], machine.Processes.Calls.Where(c => c.StartsWith("apt-get", StringComparison.Ordinal)));
        Assert.Equal("noninteractive", machine.Processes.Commands.First(c => c.FileName == "apt-get").Environment["DEBIAN_FRONTEND"]);
        Assert.Equal("/usr/bin/chromium", machine.Environment.Get(ChromiumBrowser.Variable));
        Assert.Contains(machine.Lines, l => l.Contains("[chromium] not found: installing chromium", StringComparison.Ordinal));
        Assert.Contains(machine.Lines, l => l.Contains("[chromium] installed: /usr/bin/chromium", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FreshMachine_WithStalePackageLists_UpdatesThemOnce_AndRetries()
    {
        var machine = new TestMachine();
        machine.Files.WithDebian();
        var installs = 0;
        machine.Processes.On("apt-get install -y chromium", _ =>
        {
            if (++installs == 1)
            {
                return new(100, "E: Unable to locate package chromium");
            }

            machine.Files.WithPrograms("chromium");
            return new(0, string.Empty);
        });
        machine.Processes.On("apt-get update", 0);
        machine.Processes.On("/usr/bin/chromium --version", 0, Version);

        await new ChromiumBrowser(machine.Context()).EnsureAsync(Cancel);

        Assert.Equal(["apt-get install -y chromium", "apt-get update", "apt-get install -y chromium"], machine.Processes.Calls.Where(c => c.StartsWith("apt-get", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task InstallFails_FailsNamingTheStepAndTheLog()
    {
        var machine = new TestMachine();
        machine.Files.WithDebian();
        machine.Processes.On("apt-get", 100, "E: Unable to locate package chromium");

        var failure = await Assert.ThrowsAsync<StepFailedException>(() => new ChromiumBrowser(machine.Context()).EnsureAsync(Cancel));

        Assert.Equal(ChromiumBrowser.Step, failure.Step);
        Assert.Equal("apt-get install chromium failed (log: /repo/artifacts/logs/apt-install.log)", failure.Message);
        Assert.Null(machine.Environment.Get(ChromiumBrowser.Variable));
    }

    [Fact]
    public async Task Missing_AndNotRoot_FailsSayingWhatToDo_WithoutTryingApt()
    {
        var machine = new TestMachine { IsRoot = false };
        machine.Files.WithDebian();

        var failure = await Assert.ThrowsAsync<StepFailedException>(() => new ChromiumBrowser(machine.Context()).EnsureAsync(Cancel));

        Assert.Contains("the browser tests need Chromium, and the build installs it only as root on Debian/Ubuntu; install it (apt-get install chromium) or set SAASUSERS_CHROMIUM", failure.Message, StringComparison.Ordinal);
        Assert.False(machine.Processes.Ran("apt-get"));
    }

    [Fact]
    public async Task NamedByTheVariable_ButMissing_Fails_AndNamedAndPresent_IsUsedOverThePath()
    {
        var missing = new TestMachine();
        missing.Files.WithDebian().WithPrograms("chromium");
        missing.Environment.Set(ChromiumBrowser.Variable, "/opt/none/chrome");

        var failure = await Assert.ThrowsAsync<StepFailedException>(() => new ChromiumBrowser(missing.Context()).EnsureAsync(Cancel));
        Assert.Equal("SAASUSERS_CHROMIUM=/opt/none/chrome does not exist; unset it to let the build find or install Chromium", failure.Message);

        var named = new TestMachine();
        named.Files.WithDebian().WithPrograms("chromium").With("/opt/chrome/chrome");
        named.Environment.Set(ChromiumBrowser.Variable, "/opt/chrome/chrome");
        named.Processes.On("/opt/chrome/chrome --version", 0, "Chromium 150.0\n");

        Assert.Equal("/opt/chrome/chrome", await new ChromiumBrowser(named.Context()).EnsureAsync(Cancel));
        Assert.False(named.Processes.Ran("/usr/bin/chromium"));
    }

    [Fact]
    public async Task ABrowserThatDoesNotStart_Fails()
    {
        var machine = new TestMachine();
        machine.Files.WithDebian().WithPrograms("chromium");
        machine.Processes.On("/usr/bin/chromium --version", 127, "error while loading shared libraries: libnss3.so");

        var failure = await Assert.ThrowsAsync<StepFailedException>(() => new ChromiumBrowser(machine.Context()).EnsureAsync(Cancel));

        Assert.Equal("/usr/bin/chromium --version exited with 127: error while loading shared libraries: libnss3.so", failure.Message);
    }

    [Fact]
    public async Task TestCommand_WithoutABrowser_FailsTheRun_AndStillRunsTheTests_SoTheBrowserTestsFailSayingWhy()
    {
        // Given a run that cannot get Chromium (not root), on a DynamoDB Local URL
        var machine = new TestMachine { IsRoot = false };
        machine.Files.WithDebian().With("/repo/docs/iam-policy.json", """
            { "Statement": [ { "Sid": "RuntimeItems", "Effect": "Allow", "Action": ["dynamodb:GetItem"], "Resource": "arn:t" } ] }
            """);
        machine.Environment.Set("SAASUSERS_DYNAMODB_URL", "http://127.0.0.1:8000");
        machine.Processes.On("dotnet test /repo/SaasUsers.Data.sln", _ =>
        {
            machine.Files.With("/repo/artifacts/test-results/tests.trx", TrxResultsTests.Trx("""total="3" executed="3" passed="2" failed="1" """));
            machine.Files.With("/repo/artifacts/test-results/dynamodb-operations.txt", "# header\nruntime dynamodb:GetItem GetItem Get 7\n");
            return new(1, string.Empty);
        });

        var exitCode = await new TestCommand(machine.Context()).RunAsync(["--filter", "X"], Cancel);

        // Then the tests ran (the browser tests fail on their own, as a missing browser must), and the run failed
        Assert.Equal(1, exitCode);
        Assert.True(machine.Processes.Ran("dotnet test"));
        Assert.Contains(machine.Lines, l => l.Contains("[chromium] error: the browser tests need Chromium", StringComparison.Ordinal));
        Assert.Equal("3 passed, 1 failed", machine.Lines[^1]);
    }

    [Fact]
    public async Task SampleWeb_RunsTheWebSample_AfterCheckingItsArgumentsWithoutDocker()
    {
        var machine = new TestMachine();
        machine.Environment.Set("SAASUSERS_DYNAMODB_URL", "http://127.0.0.1:8000");
        machine.Processes.On("dotnet run", 0);

        var exitCode = await new SampleCommand(machine.Context()).RunAsync(["web", "--Urls", "http://127.0.0.1:5099"], Cancel);

        Assert.Equal(0, exitCode);
        Assert.Equal(
            ["dotnet run --project /repo/samples/SaasUsers.Data.WebSample -c Release -- --Urls http://127.0.0.1:5099",
             "dotnet run --project /repo/samples/SaasUsers.Data.WebSample -c Release --no-build -- --Urls http://127.0.0.1:5099"],
            machine.Processes.Calls);
        Assert.Equal("1", machine.Processes.Commands[0].Environment[SampleCommand.CheckOnlyVariable]);
    }
}
