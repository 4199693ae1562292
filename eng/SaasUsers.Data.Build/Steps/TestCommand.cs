using SaasUsers.Data.Build.Browser;
using SaasUsers.Data.Build.DynamoDbLocal;
using SaasUsers.Data.Build.Policy;
using SaasUsers.Data.Build.Processes;
using SaasUsers.Data.Build.Results;

namespace SaasUsers.Data.Build.Steps;

/// <summary>
/// The test command (README, .ci/run): one DynamoDB Local for the run (a container it starts and removes, unless
/// SAASUSERS_DYNAMODB_URL names one), Chromium for the browser tests (installed when missing;
/// without it the run fails, and the browser tests with it), <c>dotnet test</c> of the solution, then (a full run,
/// no extra arguments) the package smoke test and the Native AOT check, the IAM policy check of the run's requests,
/// and the last line <c>N passed, N failed</c> counted from the TRX files plus the two checks.
/// Exit code 0 only when every step succeeded, at least one test ran and none failed.
/// </summary>
public sealed class TestCommand(BuildContext context)
{
    private BuildLog Log => context.Log;

    private string ResultsDirectory => Path.Combine(context.ArtifactsDirectory, "test-results");

    public async Task<int> RunAsync(IReadOnlyList<string> dotnetTestArguments, CancellationToken cancellationToken)
    {
        var (exitCode, counts) = await RunStepsAsync(dotnetTestArguments, cancellationToken);
        Log.Line(counts.ToString());
        return exitCode;
    }

    private async Task<(int ExitCode, TestCounts Counts)> RunStepsAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = Log.Start();
        var failures = new List<StepFailedException>();
        var lease = default(Docker.EngineLease);
        try
        {
            lease = await DynamoDbLocalPreparation.PrepareAsync(context, cancellationToken, privateContainers: true);
        }
        catch (StepFailedException failure)
        {
            Report(failure);
            Log.Error("dynamodb-local", "DynamoDB Local is not available, so the integration tests cannot run; no tests were run");
            return (1, TestCounts.None);
        }

        await using (lease)
        {
            // One DynamoDB Local for the whole run (every test assembly, the smoke test, the AOT check), so 2 cores
            // do not host one Java process per assembly; only the tests that pause or stop one start their own.
            var container = default(DynamoDbLocalContainer);
            if (context.Settings.DynamoDbUrl is null)
            {
                try
                {
                    container = await DynamoDbLocalContainer.StartAsync(context, "tests", cancellationToken);
                }
                catch (StepFailedException failure)
                {
                    Report(failure);
                    Log.Error("dynamodb-local", "DynamoDB Local did not start, so the integration tests cannot run; no tests were run");
                    return (1, TestCounts.None);
                }
            }

            await using (container)
            {
                return await RunWithEndpointAsync(
                    container is null ? context : context.WithDynamoDbUrl(container.Url), arguments, start, failures, cancellationToken);
            }
        }
    }

    /// <summary>The steps that need the endpoint; <paramref name="run"/> names it in its settings.</summary>
    private async Task<(int ExitCode, TestCounts Counts)> RunWithEndpointAsync(
        BuildContext run, IReadOnlyList<string> arguments, long start, List<StepFailedException> failures, CancellationToken cancellationToken)
    {
        run.Environment.Set(BuildSettings.DynamoDbUrlVariable, run.Settings.DynamoDbUrl!);
        run.Files.DeleteDirectory(ResultsDirectory);
        run.Files.CreateDirectory(ResultsDirectory);
        var operationsFile = run.Settings.OperationsFile ?? Path.Combine(ResultsDirectory, DynamoDbOperationsFile.DefaultName);
        if (run.Files.FileExists(operationsFile))
        {
            run.Files.DeleteFile(operationsFile);
        }

        run.Environment.Set(DynamoDbOperationsFile.Variable, operationsFile);
        await EnsureChromiumAsync(run, failures, cancellationToken);

        var testsLog = run.LogFile("tests.log");
        if (run.Files.FileExists(testsLog))
        {
            run.Files.DeleteFile(testsLog);
        }

        var testsStart = Log.Start();
        var test = new Command(
            "dotnet",
            ["test", Path.Combine(run.RepositoryRoot, "SaasUsers.Data.sln"), "--configuration", run.Settings.Configuration,
             "--logger", "trx;LogFilePrefix=tests", "--results-directory", ResultsDirectory, .. arguments])
        {
            LogFile = testsLog,
            Output = OutputMode.Echo,
        };
        Log.Info("tests", $"dotnet test SaasUsers.Data.sln --configuration {run.Settings.Configuration}{string.Concat(arguments.Select(a => " " + a))} (log: {testsLog})");
        var tests = await run.RunAsync(test, cancellationToken);
        Log.Info("tests", $"dotnet test exited with {tests.ExitCode} ({Log.Since(testsStart)}; whole run {Log.Since(start)})");
        if (!tests.Succeeded)
        {
            failures.Add(new StepFailedException("tests", $"dotnet test exited with {tests.ExitCode} (log: {testsLog})", testsLog));
        }

        var extra = TestCounts.None;
        var fullRun = arguments.Count == 0;
        if (fullRun)
        {
            extra += await RunPackageSmokeTestAsync(run, failures, cancellationToken);
            extra += await RunAotCheckAsync(run, failures, cancellationToken);
        }
        else
        {
            Log.Info(PackageSmokeTest.Step, "skipped: arguments were given to eng/test.sh; the full run (no arguments) includes it");
            Log.Info(AotCheck.Step, "skipped: arguments were given to eng/test.sh; the full run (no arguments) includes it");
        }

        var (trx, unreadable, files) = TrxResults.CountAll(run.Files, ResultsDirectory);
        foreach (var problem in unreadable)
        {
            failures.Add(new StepFailedException("results", $"could not read a TRX file, counted as 1 failed: {problem}"));
        }

        var counts = trx + extra;
        if (counts.AnyRan)
        {
            var policy = CheckIamPolicy(run, operationsFile);
            counts += TestCounts.One(policy is null);
            if (policy is not null)
            {
                failures.Add(policy);
            }
        }
        else
        {
            failures.Add(new StepFailedException("results", $"no test ran ({files} TRX files in {ResultsDirectory})"));
        }

        if (!tests.Succeeded && trx.Failed == 0)
        {
            // A project that did not build or a test host that crashed leaves no failed result; the count says so.
            failures.Add(new StepFailedException("results", $"dotnet test failed without a failed test result (a project did not build, or a test host crashed); counted as 1 failed (log: {testsLog})", testsLog));
            counts += TestCounts.One(passed: false);
        }

        foreach (var failure in failures)
        {
            Report(failure);
        }

        var exitCode = failures.Count == 0 && counts.Failed == 0 ? 0 : 1;
        return (exitCode, counts);
    }

    /// <summary>A browser that cannot be had fails the run; the tests still run, and the browser tests fail saying why.</summary>
    private static async Task EnsureChromiumAsync(BuildContext context, List<StepFailedException> failures, CancellationToken cancellationToken)
    {
        try
        {
            await new ChromiumBrowser(context).EnsureAsync(cancellationToken);
        }
        catch (StepFailedException failure)
        {
            failures.Add(failure);
        }
    }

    /// <summary>Its TRX is counted with the others; when it fails before writing one, that is one failed test.</summary>
    private async Task<TestCounts> RunPackageSmokeTestAsync(BuildContext context, List<StepFailedException> failures, CancellationToken cancellationToken)
    {
        try
        {
            var exitCode = await new PackageSmokeTest(context).RunAsync(ResultsDirectory, cancellationToken);
            if (exitCode != 0)
            {
                failures.Add(new StepFailedException(PackageSmokeTest.Step, $"dotnet test of the consumer exited with {exitCode} (log: {context.LogFile("smoke-test.log")})", context.LogFile("smoke-test.log")));
            }
        }
        catch (StepFailedException failure)
        {
            failures.Add(failure);
        }

        if (context.Files.FindFiles(ResultsDirectory, PackageSmokeTest.TrxPrefix + "*.trx").Count == 0)
        {
            failures.Add(new StepFailedException(PackageSmokeTest.Step, "the package smoke test reported no results; counted as 1 failed"));
            return TestCounts.One(passed: false);
        }

        return TestCounts.None;
    }

    private static async Task<TestCounts> RunAotCheckAsync(BuildContext context, List<StepFailedException> failures, CancellationToken cancellationToken)
    {
        try
        {
            await new AotCheck(context).RunAsync(cancellationToken);
            return TestCounts.One(passed: true);
        }
        catch (StepFailedException failure)
        {
            failures.Add(failure);
            return TestCounts.One(passed: false);
        }
    }

    /// <summary>Null when every request the run's package code sent is allowed; else the failure to report.</summary>
    private StepFailedException? CheckIamPolicy(BuildContext context, string operationsFile)
    {
        const string step = "iam-policy";
        var policyFile = IamPolicy.PathIn(context.RepositoryRoot);
        if (!context.Files.FileExists(operationsFile))
        {
            return new StepFailedException(step, $"{operationsFile} was not written, so the DynamoDB actions of the run cannot be checked against docs/iam-policy.json");
        }

        IamPolicyCheckResult result;
        try
        {
            result = IamPolicyCheck.Check(
                IamPolicy.Parse(context.Files.ReadAllText(policyFile)),
                DynamoDbOperationsFile.Parse(context.Files.ReadAllText(operationsFile)));
        }
        catch (Exception exception) when (exception is FormatException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new StepFailedException(step, $"could not read {policyFile} or {operationsFile}: {exception.Message}");
        }

        if (!result.Passed)
        {
            return new StepFailedException(step, string.Join("; ", result.Problems));
        }

        Log.Info(step, $"all {result.Checked} (group, action, API, operation) combinations the package sent are allowed by docs/iam-policy.json");
        return null;
    }

    private void Report(StepFailedException failure)
    {
        Log.Error(failure.Step, failure.Message);
        if (failure.LogFile is { } log)
        {
            Log.Tail(log);
        }
    }
}
