using SaasUsers.Data.Build.Docker;

namespace SaasUsers.Data.Build.DynamoDbLocal;

/// <summary>
/// The Testcontainers settings this engine needs, and only those, each only when not set already:
/// DOCKER_API_VERSION for an engine older than the API Testcontainers asks for, TESTCONTAINERS_RYUK_DISABLED when the
/// reaper image is not on the machine (it cannot be pulled without a registry; the fixtures remove their containers),
/// TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 for a local engine (so test traffic stays on loopback even in a container
/// with /.dockerenv, where Testcontainers would use the bridge gateway).
/// </summary>
public static class TestcontainersSettings
{
    /// <summary>The Docker API version Testcontainers 4.16 asks for unless told otherwise.</summary>
    public const string RequestedApiVersion = "1.44";

    /// <summary>The resource reaper Testcontainers 4.16 starts.</summary>
    public const string RyukImage = "testcontainers/ryuk:0.14.0";

    /// <summary>The variables to set, from what the engine said; <paramref name="isSet"/> says which are set already.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Decide(Func<string, bool> isSet, string? engineApiVersion, bool ryukImagePresent, bool dockerHostIsLocal)
    {
        var settings = new List<KeyValuePair<string, string>>();
        if (!isSet("DOCKER_API_VERSION") && engineApiVersion is not null &&
            Version.TryParse(engineApiVersion, out var engine) && engine < Version.Parse(RequestedApiVersion))
        {
            settings.Add(new("DOCKER_API_VERSION", engineApiVersion));
        }

        if (!isSet("TESTCONTAINERS_RYUK_DISABLED") && !ryukImagePresent)
        {
            settings.Add(new("TESTCONTAINERS_RYUK_DISABLED", "true"));
        }

        if (!isSet("TESTCONTAINERS_HOST_OVERRIDE") && dockerHostIsLocal)
        {
            settings.Add(new("TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1"));
        }

        return settings;
    }

    /// <summary>Asks the engine, sets the variables for this program and its children, and says which in one line.</summary>
    public static async Task ApplyAsync(BuildContext context, CancellationToken cancellationToken)
    {
        var environment = context.Environment;
        var api = await DockerCli.ApiVersionAsync(context, cancellationToken);
        var ryuk = await DockerCli.ImageExistsAsync(context, environment.Get("TESTCONTAINERS_RYUK_CONTAINER_IMAGE") ?? RyukImage, cancellationToken);
        var settings = Decide(name => environment.Get(name) is not null, api, ryuk, context.Settings.DockerHostIsLocal);
        foreach (var (name, value) in settings)
        {
            environment.Set(name, value);
        }

        context.Log.Info("env", settings.Count == 0 ? "nothing to set" : string.Join(' ', settings.Select(s => $"{s.Key}={s.Value}")));
    }
}
