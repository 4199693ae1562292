using System.Text.Json;
using SaasUsers.Data.Build.Processes;

namespace SaasUsers.Data.Build.Steps;

/// <summary>
/// The packages as a user gets them: <c>dotnet pack</c> SaasUsers.Data, SaasUsers.Data.Testing,
/// SaasUsers.Data.Identity and SaasUsers.Data.Stripe into a fresh
/// artifacts/feed, restore tests/SaasUsers.Data.PackageSmokeTests (outside the solution) from it into its own empty
/// package folder, check that it resolved exactly those packages, then <c>dotnet test</c> it with a TRX logger.
/// </summary>
public sealed class PackageSmokeTest(BuildContext context)
{
    public const string Step = "package-smoke";

    public const string TrxPrefix = "package-smoke";

    private static readonly string[] Packages = ["SaasUsers.Data", "SaasUsers.Data.Testing", "SaasUsers.Data.Identity", "SaasUsers.Data.Stripe"];

    private BuildLog Log => context.Log;

    /// <summary>The exit code of the consumer's <c>dotnet test</c>; throws <see cref="StepFailedException"/> when it could not get that far.</summary>
    public async Task<int> RunAsync(string resultsDirectory, CancellationToken cancellationToken)
    {
        var root = context.RepositoryRoot;
        var feed = Path.Combine(context.ArtifactsDirectory, "feed");
        var packages = Path.Combine(context.ArtifactsDirectory, "smoke", "packages");
        var consumer = Path.Combine(root, "tests", "SaasUsers.Data.PackageSmokeTests", "SaasUsers.Data.PackageSmokeTests.csproj");
        var start = Log.Start();

        // 1. Pack.
        context.Files.DeleteDirectory(feed);
        foreach (var id in Packages)
        {
            var log = FreshLog($"pack-{id}.log");
            var pack = new Command("dotnet", "pack", Path.Combine(root, "src", id), "-c", "Release", "-o", feed) { LogFile = log };
            if (!(await context.RunAsync(pack, cancellationToken)).Succeeded)
            {
                throw new StepFailedException(Step, $"dotnet pack src/{id} failed (log: {log})", log);
            }
        }

        var package = context.Files.FindFiles(feed, "SaasUsers.Data.*.nupkg")
            .FirstOrDefault(p => Path.GetFileName(p)["SaasUsers.Data.".Length..] is [>= '0' and <= '9', ..])
            ?? throw new StepFailedException(Step, $"no SaasUsers.Data package in {feed}");
        var version = Path.GetFileNameWithoutExtension(package)["SaasUsers.Data.".Length..];
        Log.Info(Step, $"pack: {string.Join(' ', context.Files.FindFiles(feed, "*.*nupkg").Select(Path.GetFileName))} ({Log.Since(start)})");

        // 2. Restore from the feed into an empty package folder.
        var restoreStart = Log.Start();
        context.Files.DeleteDirectory(packages);
        var restoreLog = FreshLog("smoke-restore.log");
        var restore = new Command("dotnet", "restore", consumer, "--force", $"-p:SaasUsersPackageVersion={version}") { LogFile = restoreLog };
        if (!(await context.RunAsync(restore, cancellationToken)).Succeeded)
        {
            throw new StepFailedException(Step, $"restoring the consumer from {feed} failed (log: {restoreLog})", restoreLog);
        }

        // 3. Both resolved as packages of this version, extracted from the feed, with the generator where the compiler looks.
        var assets = Path.Combine(Path.GetDirectoryName(consumer)!, "obj", "project.assets.json");
        CheckResolved(assets, version, packages);
        if (!context.Files.ContentEquals(package, Path.Combine(packages, "saasusers.data", version, $"saasusers.data.{version}.nupkg")))
        {
            throw new StepFailedException(Step, $"the restored SaasUsers.Data {version} is not the package just packed");
        }

        if (!context.Files.FileExists(Path.Combine(packages, "saasusers.data", version, "analyzers", "dotnet", "cs", "SaasUsers.Data.Generator.dll")))
        {
            throw new StepFailedException(Step, "the SaasUsers.Data package has no analyzers/dotnet/cs/SaasUsers.Data.Generator.dll");
        }

        Log.Info(Step, $"restore: {string.Join(", ", Packages)} {version} from artifacts/feed, generator in analyzers/dotnet/cs ({Log.Since(restoreStart)})");

        // 4. Test.
        var testStart = Log.Start();
        var test = new Command(
            "dotnet", "test", consumer, "--no-restore", "-c", "Release", $"-p:SaasUsersPackageVersion={version}",
            "--logger", $"trx;LogFilePrefix={TrxPrefix}", "--results-directory", resultsDirectory)
        {
            LogFile = FreshLog("smoke-test.log"),
            Output = OutputMode.Echo,
        };
        var result = await context.RunAsync(test, cancellationToken);
        Log.Info(Step, $"test: dotnet test exited with {result.ExitCode} ({Log.Since(testStart)}; whole smoke test {Log.Since(start)})");
        return result.ExitCode;
    }

    private void CheckResolved(string assetsFile, string version, string packages)
    {
        if (!context.Files.FileExists(assetsFile))
        {
            throw new StepFailedException(Step, $"the restore wrote no {assetsFile}");
        }

        using var assets = JsonDocument.Parse(context.Files.ReadAllText(assetsFile));
        var libraries = assets.RootElement.GetProperty("libraries");
        foreach (var id in Packages)
        {
            if (!libraries.TryGetProperty($"{id}/{version}", out var library) || library.GetProperty("type").GetString() != "package")
            {
                throw new StepFailedException(Step, $"the consumer did not resolve the package {id} {version} (see {assetsFile})");
            }

            var lower = id.ToLowerInvariant();
            if (!context.Files.FileExists(Path.Combine(packages, lower, version, $"{lower}.{version}.nupkg")))
            {
                throw new StepFailedException(Step, $"{id} {version} was not restored into {packages}");
            }
        }
    }

    private string FreshLog(string name)
    {
        var path = context.LogFile(name);
        if (context.Files.FileExists(path))
        {
            context.Files.DeleteFile(path);
        }

        return path;
    }
}
