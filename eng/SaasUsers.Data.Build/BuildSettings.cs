using SaasUsers.Data.Build.DynamoDbLocal;
using SaasUsers.Data.Build.Processes;

namespace SaasUsers.Data.Build;

/// <summary>The build's settings, read once from the environment (docs/testing.md lists them).</summary>
public sealed record BuildSettings
{
    /// <summary>The variable that names a running DynamoDB Local, to this build and to the tests it starts.</summary>
    public const string DynamoDbUrlVariable = "SAASUSERS_DYNAMODB_URL";

    /// <summary>SAASUSERS_DYNAMODB_URL: a running DynamoDB Local; no Docker at all when set.</summary>
    public string? DynamoDbUrl { get; init; }

    /// <summary>SAASUSERS_DYNAMODB_IMAGE: the image to make exist.</summary>
    public string Image { get; init; } = DynamoDbLocalDistribution.DefaultImage;

    /// <summary>SAASUSERS_DOCKER_AUTOSTART=0: only use an engine that already answers.</summary>
    public bool DockerAutostart { get; init; } = true;

    /// <summary>SAASUSERS_DYNAMODB_PULL=0: build the image without trying <c>docker pull</c>.</summary>
    public bool TryPull { get; init; } = true;

    /// <summary>SAASUSERS_DEBIAN_MIRROR: the mirror for debootstrap instead of the one in the apt sources.</summary>
    public string? DebianMirror { get; init; }

    /// <summary>DOCKER_HOST, as the docker command and Testcontainers see it.</summary>
    public string? DockerHost { get; init; }

    /// <summary>SAASUSERS_CONFIGURATION: the configuration the tests build (Release by default).</summary>
    public string Configuration { get; init; } = "Release";

    /// <summary>SAASUSERS_CACHE_DIR: downloads (the npm package).</summary>
    public required string CacheDirectory { get; init; }

    /// <summary>SAASUSERS_LOG_DIR: logs of every step.</summary>
    public required string LogDirectory { get; init; }

    /// <summary>SAASUSERS_DYNAMODB_OPERATIONS_FILE: where the test assembly writes the requests the package sent.</summary>
    public string? OperationsFile { get; init; }

    /// <summary>Whether the engine is this machine's own socket: the only one the build may start a daemon for.</summary>
    public bool DockerHostIsLocal => DockerHost is null or "unix:///var/run/docker.sock" or "unix:///run/docker.sock";

    public static BuildSettings Read(IEnvironmentVariables environment, string repositoryRoot)
    {
        var home = environment.Get("HOME") ?? "/root";
        return new BuildSettings
        {
            DynamoDbUrl = environment.Get(DynamoDbUrlVariable),
            Image = environment.Get("SAASUSERS_DYNAMODB_IMAGE") ?? DynamoDbLocalDistribution.DefaultImage,
            DockerAutostart = environment.Get("SAASUSERS_DOCKER_AUTOSTART") != "0",
            TryPull = environment.Get("SAASUSERS_DYNAMODB_PULL") != "0",
            DebianMirror = environment.Get("SAASUSERS_DEBIAN_MIRROR"),
            DockerHost = environment.Get("DOCKER_HOST"),
            Configuration = environment.Get("SAASUSERS_CONFIGURATION") ?? "Release",
            CacheDirectory = environment.Get("SAASUSERS_CACHE_DIR")
                ?? Path.Combine(environment.Get("XDG_CACHE_HOME") ?? Path.Combine(home, ".cache"), "saasusers-data"),
            LogDirectory = environment.Get("SAASUSERS_LOG_DIR") ?? Path.Combine(repositoryRoot, "artifacts", "logs"),
            OperationsFile = environment.Get("SAASUSERS_DYNAMODB_OPERATIONS_FILE"),
        };
    }
}
