using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Serialization;

namespace SaasUsers.Data.Testing;

/// <summary>
/// Applies the Testcontainers settings a Docker engine needs, and only those, before the first container starts:
/// an API version for engines older than Testcontainers expects (it asks for 1.44; Debian 12's engine speaks 1.41),
/// no resource reaper when its image is not on the machine (and cannot be pulled without a registry), and the
/// loopback address as the container host when the tests run on the engine's own machine inside a container-like
/// environment (where Testcontainers would guess the bridge gateway). A variable that is already set is left alone.
/// </summary>
public static class DockerEngineSettings
{
    /// <summary>The Docker API version Testcontainers 4 asks for by default.</summary>
    public const string TestcontainersApiVersion = "1.44";

    /// <summary>The resource reaper image Testcontainers 4.16 starts unless disabled.</summary>
    public const string ReaperImage = "testcontainers/ryuk:0.14.0";

    private const string SocketPath = "/var/run/docker.sock";
    private static readonly object Gate = new();
    private static IReadOnlyDictionary<string, string>? _applied;

    /// <summary>
    /// Reads the local engine (over <c>/var/run/docker.sock</c>, when <c>DOCKER_HOST</c> does not point elsewhere) and
    /// sets the environment variables it needs. Runs once a process; later calls return the first result.
    /// </summary>
    /// <returns>The variables this call set (empty when none was needed or the engine could not be read).</returns>
    public static IReadOnlyDictionary<string, string> ApplyWhenNeeded()
    {
        lock (Gate)
        {
            if (_applied is not null)
            {
                return _applied;
            }

            var facts = ReadFacts();
            var settings = Decide(facts, name => Environment.GetEnvironmentVariable(name));
            foreach (var (name, value) in settings)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            _applied = settings;
            return settings;
        }
    }

    /// <summary>Decides which variables to set from what is known about the engine; a variable already set wins.</summary>
    /// <param name="facts">What was read about the engine and the machine.</param>
    /// <param name="environment">Reads an environment variable.</param>
    /// <returns>The variables to set.</returns>
    public static IReadOnlyDictionary<string, string> Decide(DockerEngineFacts facts, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(environment);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!facts.EngineAnswered)
        {
            // Nothing is known: Testcontainers will report the missing engine itself.
            return settings;
        }

        if (string.IsNullOrEmpty(environment("DOCKER_API_VERSION")) && facts.ApiVersion is { } api && IsOlder(api, TestcontainersApiVersion))
        {
            settings["DOCKER_API_VERSION"] = api;
        }

        if (string.IsNullOrEmpty(environment("TESTCONTAINERS_RYUK_DISABLED")) && !facts.ReaperImagePresent)
        {
            settings["TESTCONTAINERS_RYUK_DISABLED"] = "true";
        }

        if (string.IsNullOrEmpty(environment("TESTCONTAINERS_HOST_OVERRIDE")) && facts.InsideContainerMarker && facts.EngineOnThisMachine)
        {
            settings["TESTCONTAINERS_HOST_OVERRIDE"] = "127.0.0.1";
        }

        return settings;
    }

    private static DockerEngineFacts ReadFacts()
    {
        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (!string.IsNullOrEmpty(dockerHost) && !dockerHost.StartsWith("unix://" + SocketPath, StringComparison.Ordinal))
        {
            // A remote or custom engine: nothing here can be read reliably, so nothing is changed.
            return new DockerEngineFacts(false, null, true, false, false);
        }

        try
        {
            using var http = new HttpClient(new SocketsHttpHandler
            {
                ConnectCallback = async (_, cancellationToken) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            })
            {
                BaseAddress = new Uri("http://docker/"),
                Timeout = TimeSpan.FromSeconds(5),
            };

            // The unversioned /version endpoint answers on every engine.
            var version = http.GetFromJsonAsync("version", DockerJsonContext.Default.EngineVersion).GetAwaiter().GetResult();
            using var reaper = http.GetAsync("images/" + ReaperImage + "/json").GetAwaiter().GetResult();
            return new DockerEngineFacts(
                EngineAnswered: true,
                ApiVersion: version?.ApiVersion,
                ReaperImagePresent: reaper.IsSuccessStatusCode,
                InsideContainerMarker: File.Exists("/.dockerenv"),
                EngineOnThisMachine: DockerdIsVisible());
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or IOException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return new DockerEngineFacts(false, null, true, false, false);
        }
    }

    private static bool DockerdIsVisible()
    {
        // A dockerd process in our own process namespace means the engine runs on this machine, so its published
        // ports are on this machine's loopback.
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var comm = Path.Combine(directory, "comm");
            try
            {
                if (File.Exists(comm) && File.ReadAllText(comm).Trim() == "dockerd")
                {
                    return true;
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }

        return false;
    }

    private static bool IsOlder(string version, string than) =>
        Version.TryParse(version, out var a) && Version.TryParse(than, out var b) && a < b;

    internal sealed record EngineVersion([property: JsonPropertyName("ApiVersion")] string? ApiVersion);
}

/// <summary>What <see cref="DockerEngineSettings"/> read about the Docker engine and the machine.</summary>
/// <param name="EngineAnswered">Whether the local engine answered.</param>
/// <param name="ApiVersion">The engine's API version, for example <c>1.41</c>.</param>
/// <param name="ReaperImagePresent">Whether the resource reaper image is on the machine.</param>
/// <param name="InsideContainerMarker">Whether <c>/.dockerenv</c> exists (Testcontainers then guesses the bridge gateway as host).</param>
/// <param name="EngineOnThisMachine">Whether the engine's process runs on this machine.</param>
public sealed record DockerEngineFacts(bool EngineAnswered, string? ApiVersion, bool ReaperImagePresent, bool InsideContainerMarker, bool EngineOnThisMachine);

/// <summary>Source-generated JSON for the engine's /version answer (no reflection).</summary>
[JsonSerializable(typeof(DockerEngineSettings.EngineVersion))]
internal sealed partial class DockerJsonContext : JsonSerializerContext
{
}
