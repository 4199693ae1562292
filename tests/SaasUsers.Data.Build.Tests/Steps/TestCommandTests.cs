using SaasUsers.Data.Build.Steps;
using SaasUsers.Data.Build.Tests.Fakes;
using SaasUsers.Data.Build.Tests.Results;
using Xunit;

namespace SaasUsers.Data.Build.Tests.Steps;

/// <summary>The test command end to end on a fake machine: what runs, what is counted, what the last line says.</summary>
public sealed class TestCommandTests
{
    private const string Results = "/repo/artifacts/test-results";
    private const string Operations = Results + "/dynamodb-operations.txt";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NoEngine_AutostartDisabled_FailsClearly_AndCountsNoTestAsPassed()
    {
        // Given no engine at a bogus DOCKER_HOST, and autostart disabled
        var machine = new TestMachine();
        machine.Files.WithDebian().WithPrograms("docker", "dockerd");
        machine.Environment.Set("DOCKER_HOST", "unix:///tmp/none.sock");
        machine.Environment.Set("SAASUSERS_DOCKER_AUTOSTART", "0");

        var exitCode = await new TestCommand(machine.Context()).RunAsync([], Cancel);

        Assert.Equal(1, exitCode);
        Assert.False(machine.Processes.Ran("dotnet"));
        Assert.Empty(machine.Processes.Started);
        Assert.Contains(machine.Lines, l => l.Contains("[engine] error: no Docker engine answers at DOCKER_HOST=unix:///tmp/none.sock", StringComparison.Ordinal));
        Assert.Contains(machine.Lines, l => l.Contains("no tests were run", StringComparison.Ordinal));
        Assert.Equal("0 passed, 0 failed", machine.Lines[^1]);
    }

    [Fact]
    public async Task WithAUrl_AndAnEngineThatAnswers_TheTestsGetItsTestcontainersSettings_ForTheirPrivateContainers()
    {
        // Given the shared endpoint's URL, and an old local engine that answers (as on the development machine)
        var machine = WithPolicy(new TestMachine());
        machine.Environment.Set("SAASUSERS_DYNAMODB_URL", "http://127.0.0.1:8000");
        machine.Processes.On("docker info", 0);
        machine.Processes.On("docker version --format {{.Server.APIVersion}}", 0, "1.41");
        machine.Processes.On("dotnet test /repo/SaasUsers.Data.sln", TestsThatWrite(machine, """total="2" executed="2" passed="2" failed="0" """));

        // When
        var exitCode = await new TestCommand(machine.Context()).RunAsync(["--filter", "FullyQualifiedName~Reliability"], Cancel);

        // Then the tests run with the variables Testcontainers needs for that engine, and no engine was started
        Assert.Equal(0, exitCode);
        Assert.Empty(machine.Processes.Started);
        Assert.Equal("1.41", machine.Environment.Get("DOCKER_API_VERSION"));
        Assert.Equal("true", machine.Environment.Get("TESTCONTAINERS_RYUK_DISABLED"));
    }

    [Fact]
    public async Task WithAUrl_NoEngineStarted_AndAFilteredRunCountsTheTestsAndThePolicyCheck()
    {
        var machine = WithPolicy(new TestMachine());
        machine.Environment.Set("SAASUSERS_DYNAMODB_URL", "http://127.0.0.1:8000");
        machine.Processes.On("dotnet test /repo/SaasUsers.Data.sln", TestsThatWrite(machine, """total="2" executed="2" passed="2" failed="0" """));

        var exitCode = await new TestCommand(machine.Context()).RunAsync(["--filter", "FullyQualifiedName~Harness"], Cancel);

        // No engine answers: only asked, nothing started, and the log says what that means for the private containers
        Assert.Equal(0, exitCode);
        Assert.Equal(["docker info"], machine.Processes.Calls.Where(c => c.StartsWith("docker", StringComparison.Ordinal)));
        Assert.Empty(machine.Processes.Started);
        Assert.Contains(machine.Lines, l => l.Contains("no Docker engine answers, so the tests that pause or stop a DynamoDB Local of their own will fail", StringComparison.Ordinal));
        var test = machine.Processes.Commands.Single(c => c.FileName == "dotnet");
        Assert.Equal(["test", "/repo/SaasUsers.Data.sln", "--configuration", "Release", "--logger", "trx;LogFilePrefix=tests", "--results-directory", Results, "--filter", "FullyQualifiedName~Harness"], test.Arguments);
        Assert.Equal(Operations, machine.Environment.Get("SAASUSERS_DYNAMODB_OPERATIONS_FILE"));
        Assert.Contains(machine.Lines, l => l.Contains("[package-smoke] skipped: arguments were given", StringComparison.Ordinal));
        Assert.Contains(machine.Lines, l => l.Contains("[iam-policy] all 1 (group, action, API, operation) combinations", StringComparison.Ordinal));
        Assert.Equal("3 passed, 0 failed", machine.Lines[^1]);
    }

    [Fact]
    public async Task RunningEngine_IsLeftRunning_AndAFailingTestFailsTheRun_NamingTheStepAndItsLog()
    {
        var machine = WithPolicy(new TestMachine());
        await using var dynamoDb = FakeDynamoDbLocalEndpoint.On(machine);
        machine.Processes.EngineAnswers = true;
        machine.Processes.On("docker image inspect", 0);
        machine.Environment.Set("SAASUSERS_CONFIGURATION", "Debug");
        machine.Processes.On("dotnet test", TestsThatWrite(machine, """total="3" executed="3" passed="2" failed="1" """, exitCode: 1));

        var exitCode = await new TestCommand(machine.Context()).RunAsync(["--filter", "X"], Cancel);

        Assert.Equal(1, exitCode);
        Assert.Empty(machine.Processes.SignalsSent);
        Assert.Contains("Debug", machine.Processes.Commands.Single(c => c.FileName == "dotnet").Arguments);
        Assert.Contains(machine.Lines, l => l.Contains("[tests] error: dotnet test exited with 1 (log: /repo/artifacts/logs/tests.log)", StringComparison.Ordinal));
        Assert.Equal("3 passed, 1 failed", machine.Lines[^1]);
    }

    [Fact]
    public async Task EngineStartedByTheRun_IsStoppedBeforeTheCountLine()
    {
        var machine = WithPolicy(new TestMachine());
        await using var dynamoDb = FakeDynamoDbLocalEndpoint.On(machine);
        machine.Files.WithDebian().WithPrograms("dockerd", "docker");
        machine.Processes.On("docker image inspect", 0);
        machine.Processes.On("dotnet test", TestsThatWrite(machine, """total="1" executed="1" passed="1" failed="0" """));

        var exitCode = await new TestCommand(machine.Context()).RunAsync(["--filter", "X"], Cancel);

        Assert.Equal(0, exitCode);
        Assert.Equal(["TERM 4242"], machine.Processes.SignalsSent);
        Assert.Contains("stopped the dockerd this run started (pid 4242)", machine.Lines[^2], StringComparison.Ordinal);
        Assert.Equal("2 passed, 0 failed", machine.Lines[^1]);
    }

    [Fact]
    public async Task WithoutAUrl_OneDynamoDbLocalServesTheWholeRun_AndIsRemovedBeforeTheCountLine()
    {
        // Given an engine that answers and no SAASUSERS_DYNAMODB_URL
        var machine = WithPolicy(new TestMachine());
        await using var dynamoDb = FakeDynamoDbLocalEndpoint.On(machine);
        machine.Processes.EngineAnswers = true;
        machine.Processes.On("docker image inspect", 0);
        string? urlSeenByTheTests = null;
        var tests = TestsThatWrite(machine, """total="2" executed="2" passed="2" failed="0" """);
        machine.Processes.On("dotnet test", command =>
        {
            urlSeenByTheTests = machine.Environment.Get("SAASUSERS_DYNAMODB_URL");
            return tests(command);
        });

        var exitCode = await new TestCommand(machine.Context()).RunAsync(["--filter", "X"], Cancel);

        // Then one container was started, every test assembly was pointed at it, and it was removed
        Assert.Equal(0, exitCode);
        Assert.Single(machine.Processes.Calls, c => c.StartsWith("docker run", StringComparison.Ordinal));
        Assert.Equal(dynamoDb.Url, urlSeenByTheTests);
        var removed = machine.Processes.Calls.FindIndex(c => c.StartsWith("docker rm -f saasusers-tests-", StringComparison.Ordinal));
        Assert.True(removed > machine.Processes.Calls.FindIndex(c => c.StartsWith("dotnet test", StringComparison.Ordinal)));
        Assert.Equal("3 passed, 0 failed", machine.Lines[^1]);
    }

    [Fact]
    public async Task DotnetTestFailingWithoutAFailedResult_CountsOneFailed()
    {
        // Given a project that does not build: dotnet test fails, and the projects that ran all passed
        var machine = WithPolicy(new TestMachine());
        machine.Environment.Set("SAASUSERS_DYNAMODB_URL", "http://127.0.0.1:8000");
        machine.Processes.On("dotnet test", TestsThatWrite(machine, """total="2" executed="2" passed="2" failed="0" """, exitCode: 1));

        var exitCode = await new TestCommand(machine.Context()).RunAsync(["--filter", "X"], Cancel);

        Assert.Equal(1, exitCode);
        Assert.Contains(machine.Lines, l => l.Contains("[results] error: dotnet test failed without a failed test result", StringComparison.Ordinal));
        Assert.Equal("3 passed, 1 failed", machine.Lines[^1]);
    }

    [Fact]
    public async Task OperationsFileNotWritten_FailsThePolicyCheck_AsOneTest()
    {
        var machine = WithPolicy(new TestMachine());
        machine.Environment.Set("SAASUSERS_DYNAMODB_URL", "http://127.0.0.1:8000");
        machine.Processes.On("dotnet test", _ =>
        {
            machine.Files.With(Results + "/tests.trx", TrxResultsTests.Trx("""total="4" executed="4" passed="4" failed="0" """));
            return new(0, string.Empty);
        });

        var exitCode = await new TestCommand(machine.Context()).RunAsync(["--filter", "X"], Cancel);

        Assert.Equal(1, exitCode);
        Assert.Contains(machine.Lines, l => l.Contains("[iam-policy] error: " + Operations + " was not written", StringComparison.Ordinal));
        Assert.Equal("4 passed, 1 failed", machine.Lines[^1]);
    }

    [Fact]
    public async Task NoTrxAtAll_IsAFailure_EvenWhenDotnetTestSucceeded()
    {
        var machine = WithPolicy(new TestMachine());
        machine.Environment.Set("SAASUSERS_DYNAMODB_URL", "http://127.0.0.1:8000");
        machine.Processes.On("dotnet test", 0);

        var exitCode = await new TestCommand(machine.Context()).RunAsync(["--filter", "Nothing"], Cancel);

        Assert.Equal(1, exitCode);
        Assert.Contains(machine.Lines, l => l.Contains("[results] error: no test ran (0 TRX files", StringComparison.Ordinal));
        Assert.Equal("0 passed, 0 failed", machine.Lines[^1]);
    }

    [Fact]
    public async Task FullRun_CountsAPackageSmokeTestWithoutResults_AndAFailedAotCheck_AsOneFailedEach()
    {
        // Given a full run (no arguments) whose pack fails and whose Native AOT publish fails
        var machine = WithPolicy(new TestMachine());
        machine.Environment.Set("SAASUSERS_DYNAMODB_URL", "http://127.0.0.1:8000");
        machine.Files.WithPrograms("clang", "ld.lld").With("/usr/include/zlib.h");
        machine.Processes.On("dotnet test /repo/SaasUsers.Data.sln", TestsThatWrite(machine, """total="5" executed="5" passed="5" failed="0" """));
        machine.Processes.On("dotnet pack", 1);
        machine.Processes.On("dotnet publish", 1);

        var exitCode = await new TestCommand(machine.Context()).RunAsync([], Cancel);

        // Then both are reported by step, and counted: 5 tests + policy passed; smoke and AOT failed
        Assert.Equal(1, exitCode);
        Assert.Contains(machine.Lines, l => l.Contains("[package-smoke] error: dotnet pack src/SaasUsers.Data failed (log: /repo/artifacts/logs/pack-SaasUsers.Data.log)", StringComparison.Ordinal));
        Assert.Contains(machine.Lines, l => l.Contains("[package-smoke] error: the package smoke test reported no results; counted as 1 failed", StringComparison.Ordinal));
        Assert.Contains(machine.Lines, l => l.Contains("[aot] error: the Native AOT publish failed (log: /repo/artifacts/logs/aot-publish.log)", StringComparison.Ordinal));
        Assert.Equal("6 passed, 2 failed", machine.Lines[^1]);
    }

    [Fact]
    public async Task SampleHelp_NeedsNoDocker()
    {
        var machine = new TestMachine();
        machine.Environment.Set("SAASUSERS_DOCKER_AUTOSTART", "0");
        machine.Processes.On("dotnet run", 0);

        var exitCode = await new SampleCommand(machine.Context()).RunAsync(["help"], Cancel);

        Assert.Equal(0, exitCode);
        Assert.Equal(["dotnet run --project /repo/samples/SaasUsers.Data.Sample -c Release -- help"], machine.Processes.Calls);
    }

    [Fact]
    public async Task SampleWrongCommand_PrintsUsageWithoutDocker()
    {
        var machine = new TestMachine();
        machine.Environment.Set("SAASUSERS_DOCKER_AUTOSTART", "0");
        machine.Processes.On("dotnet run", 2);

        var exitCode = await new SampleCommand(machine.Context()).RunAsync(["demoo"], Cancel);

        // Only the sample's own argument check ran: no docker call, no engine, no image.
        Assert.Equal(2, exitCode);
        Assert.Equal(["dotnet run --project /repo/samples/SaasUsers.Data.Sample -c Release -- demoo"], machine.Processes.Calls);
    }

    /// <summary>The IAM policy the check reads, and Chromium on the PATH (the browser tests' browser).</summary>
    private static TestMachine WithPolicy(TestMachine machine)
    {
        machine.Files.WithPrograms("chromium");
        machine.Processes.On("/usr/bin/chromium --version", 0, "Chromium 156.0.8078.114 built on Debian GNU/Linux 12 (bookworm)\n");
        machine.Files.With("/repo/docs/iam-policy.json", """
            { "Statement": [ { "Sid": "RuntimeItems", "Effect": "Allow", "Action": ["dynamodb:GetItem"], "Resource": "arn:t" } ] }
            """);
        return machine;
    }

    /// <summary>A dotnet test that writes one TRX file and the operations file, as the test assembly does.</summary>
    private static Func<SaasUsers.Data.Build.Processes.Command, SaasUsers.Data.Build.Processes.ProcessResult> TestsThatWrite(TestMachine machine, string counters, int exitCode = 0) => _ =>
    {
        machine.Files.With(Results + "/tests_net10.0.trx", TrxResultsTests.Trx(counters));
        machine.Files.With(Operations, "# header\nruntime dynamodb:GetItem GetItem Get 7\n");
        return new(exitCode, string.Empty);
    };
}
