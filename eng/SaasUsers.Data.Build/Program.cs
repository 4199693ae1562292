using System.Runtime.InteropServices;
using SaasUsers.Data.Build.Policy;
using SaasUsers.Data.Build.Processes;
using SaasUsers.Data.Build.Steps;

namespace SaasUsers.Data.Build;

/// <summary>The build program's entry point: one command a run (eng/build.sh builds and starts it).</summary>
internal static class Program
{
    private const string Usage = """
        Usage: eng/build.sh <command> [arguments]

          test [dotnet test arguments]     DynamoDB Local ready, every test, the package smoke test and the Native AOT
                                           check (full run only), the IAM policy check; last line "N passed, N failed"
          sample [sample arguments]        the sample console with DynamoDB Local available ("sample help": no Docker)
          sample web [settings]            the web sample the same way (prints its URL; Ctrl+C stops it)
          package-smoke [--results-directory DIR]   only the package smoke test
          aot                              only the Native AOT check
          chromium                         only make Chromium available (the browser tests' browser; installed when missing)
          with-dynamodb-local -- PROGRAM [ARGS]     PROGRAM with SAASUSERS_DYNAMODB_URL set to a DynamoDB Local
                                           container on a loopback port (the benchmarks' scripts)

        Settings (environment): SAASUSERS_DYNAMODB_URL, SAASUSERS_DOCKER_AUTOSTART=0, SAASUSERS_CONFIGURATION,
        SAASUSERS_DYNAMODB_IMAGE, SAASUSERS_DYNAMODB_PULL=0, SAASUSERS_DEBIAN_MIRROR, SAASUSERS_CACHE_DIR,
        SAASUSERS_LOG_DIR, SAASUSERS_DYNAMODB_OPERATIONS_FILE, SAASUSERS_CHROMIUM (docs/testing.md).
        """;

    public static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        var signal = 0;
        void OnSignal(PosixSignalContext posix)
        {
            // Unwind instead of dying, so that an engine this run started is stopped on the way out.
            posix.Cancel = true;
            signal = posix.Signal == PosixSignal.SIGTERM ? 143 : 130;
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        var console = Console.Out;
        var environment = new ProcessEnvironmentVariables();
        var root = IamPolicy.RepositoryRootAbove(AppContext.BaseDirectory);
        var context = new BuildContext(
            new ProcessRunner(console),
            new LocalFileSystem(),
            environment,
            new BuildLog(console, TimeProvider.System),
            BuildSettings.Read(environment, root),
            root)
        {
            IsRoot = Environment.IsPrivilegedProcess,
        };

        var command = args.Length > 0 ? args[0] : "help";
        var rest = args.Skip(1).ToArray();
        try
        {
            return command switch
            {
                "test" => await new TestCommand(context).RunAsync(rest, stop.Token),
                "sample" => await new SampleCommand(context).RunAsync(rest, stop.Token),
                "package-smoke" => await new CheckCommand(context).RunAsync(
                    token => new PackageSmokeTest(context).RunAsync(rest is ["--results-directory", var directory] ? Path.GetFullPath(directory) : Path.Combine(context.ArtifactsDirectory, "test-results"), token),
                    stop.Token),
                "aot" => await new CheckCommand(context).RunAsync(
                    async token =>
                    {
                        await new AotCheck(context).RunAsync(token);
                        return 0;
                    },
                    stop.Token),
                "chromium" => await new Browser.ChromiumBrowser(context).EnsureAsync(stop.Token) is { Length: > 0 } ? 0 : 1,
                "with-dynamodb-local" => await new WithDynamoDbLocalCommand(context).RunAsync(rest is ["--", .. var program] ? program : rest, stop.Token),
                "help" or "--help" or "-h" => PrintUsage(console, 0),
                _ => PrintUsage(console, 2),
            };
        }
        catch (StepFailedException failure)
        {
            context.Log.Error(failure.Step, failure.Message);
            if (failure.LogFile is { } log)
            {
                context.Log.Tail(log);
            }

            return 1;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            context.Log.Error("build", "stopped by a signal; what this run started has been stopped");
            if (command == "test")
            {
                context.Log.Line(Results.TestCounts.None.ToString());
            }

            return signal;
        }
    }

    private static int PrintUsage(TextWriter console, int exitCode)
    {
        console.WriteLine(Usage);
        return exitCode;
    }
}
