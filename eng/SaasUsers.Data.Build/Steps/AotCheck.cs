using System.Text.RegularExpressions;
using SaasUsers.Data.Build.DynamoDbLocal;
using SaasUsers.Data.Build.Processes;

namespace SaasUsers.Data.Build.Steps;

/// <summary>
/// The Native AOT check: publish tests/SaasUsers.Data.AotTests with Native AOT and warnings as errors (installing
/// clang, lld and zlib1g-dev when missing, as root on Debian/Ubuntu), then run the native binary against DynamoDB
/// Local (SAASUSERS_DYNAMODB_URL, or a container of the image on a loopback port). Counts as one test.
/// </summary>
public sealed partial class AotCheck(BuildContext context)
{
    public const string Step = "aot";

    private BuildLog Log => context.Log;

    /// <summary>Passes or throws <see cref="StepFailedException"/> saying what failed.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var start = Log.Start();
        await EnsureToolchainAsync(cancellationToken);

        var output = Path.Combine(context.ArtifactsDirectory, "aot");
        var publishLog = context.LogFile("aot-publish.log");
        if (context.Files.FileExists(publishLog))
        {
            context.Files.DeleteFile(publishLog);
        }

        Log.Info(Step, "publish: Native AOT, linux-x64, warnings as errors");
        var publish = new Command(
            "dotnet", "publish", Path.Combine(context.RepositoryRoot, "tests", "SaasUsers.Data.AotTests"),
            "-c", "Release", "-r", "linux-x64", "-warnaserror", "-o", output) { LogFile = publishLog };
        var published = await context.RunAsync(publish, cancellationToken);
        if (!published.Succeeded)
        {
            throw new StepFailedException(Step, $"the Native AOT publish failed (log: {publishLog})", publishLog);
        }

        var warnings = Warning().Count(published.Output);
        if (warnings > 0)
        {
            throw new StepFailedException(Step, $"the Native AOT publish reported {warnings} warnings (log: {publishLog})", publishLog);
        }

        var binary = Path.Combine(output, "SaasUsers.Data.AotTests");
        Log.Info(Step, $"publish: no warnings; binary {context.Files.Length(binary) / 1024.0 / 1024.0:0.0} MB ({Log.Since(start)})");

        await using var container = context.Settings.DynamoDbUrl is null ? await DynamoDbLocalContainer.StartAsync(context, Step, cancellationToken) : null;
        var url = container?.Url ?? context.Settings.DynamoDbUrl!;
        Log.Info(Step, $"run: {binary} against {url}");
        var runLog = context.LogFile("aot-run.log");
        var run = new Command(binary)
        {
            Environment = new Dictionary<string, string?> { ["SaasUsers__ServiceUrl"] = url },
            LogFile = runLog,
            Output = OutputMode.Echo,
        };
        if (!(await context.RunAsync(run, cancellationToken)).Succeeded)
        {
            throw new StepFailedException(Step, $"the Native AOT application failed a check (log: {runLog})", runLog);
        }

        Log.Info(Step, $"passed ({Log.Since(start)})");
    }

    private async Task EnsureToolchainAsync(CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        if (!context.HasProgram("clang"))
        {
            missing.Add("clang");
        }

        if (!context.HasProgram("ld.lld"))
        {
            missing.Add("lld");
        }

        if (!context.Files.FileExists("/usr/include/zlib.h"))
        {
            missing.Add("zlib1g-dev");
        }

        if (missing.Count == 0)
        {
            return;
        }

        if (!context.IsRoot || !context.HasProgram("apt-get"))
        {
            throw new StepFailedException(Step, $"Native AOT needs {string.Join(' ', missing)}; install them (Debian/Ubuntu: apt-get install {string.Join(' ', missing)})");
        }

        var start = Log.Start();
        Log.Info(Step, $"toolchain: installing {string.Join(' ', missing)}");
        await AptPackages.InstallAsync(context, Step, missing, recommends: true, cancellationToken);
        Log.Info(Step, $"toolchain: installed ({Log.Since(start)})");
    }

    [GeneratedRegex(@"warning [A-Z]+[0-9]+", RegexOptions.IgnoreCase)]
    private static partial Regex Warning();
}
