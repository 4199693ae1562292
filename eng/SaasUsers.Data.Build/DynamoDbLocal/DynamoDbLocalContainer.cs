using System.Globalization;
using SaasUsers.Data.Build.Processes;

namespace SaasUsers.Data.Build.DynamoDbLocal;

/// <summary>
/// One DynamoDB Local container on a random loopback port, for programs that take a URL (the Native AOT check, the
/// benchmarks). Disposing removes this container, and only this one.
/// </summary>
public sealed class DynamoDbLocalContainer : IAsyncDisposable
{
    private const string Step = "container";
    private const int ReadyPolls = 60;

    private readonly BuildContext context;

    private DynamoDbLocalContainer(BuildContext context, string name, string url)
    {
        this.context = context;
        Name = name;
        Url = url;
    }

    public string Name { get; }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;</c>.</summary>
    public string Url { get; }

    public static async Task<DynamoDbLocalContainer> StartAsync(BuildContext context, string purpose, CancellationToken cancellationToken)
    {
        var start = context.Log.Start();
        var name = string.Create(CultureInfo.InvariantCulture, $"saasusers-{purpose}-{Environment.ProcessId}");
        var run = await context.RunAsync(new Command("docker", "run", "-d", "--rm", "--name", name, "-p", "127.0.0.1::8000", context.Settings.Image), cancellationToken);
        if (!run.Succeeded)
        {
            throw new StepFailedException(Step, $"could not start {context.Settings.Image}: {run.Text}");
        }

        var container = default(DynamoDbLocalContainer);
        try
        {
            var port = await context.RunAsync(new Command("docker", "port", name, "8000/tcp"), cancellationToken);
            var first = port.Text.Split('\n')[0];
            if (!port.Succeeded || !int.TryParse(first[(first.LastIndexOf(':') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var hostPort))
            {
                throw new StepFailedException(Step, $"docker port {name} said '{port.Text}', not a host port");
            }

            container = new DynamoDbLocalContainer(context, name, string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{hostPort}"));
            await container.WaitUntilAnswersAsync(cancellationToken);
            context.Log.Info(Step, $"{name} ({context.Settings.Image}) answers at {container.Url} ({context.Log.Since(start)})");
            return container;
        }
        catch
        {
            await (container?.DisposeAsync() ?? RemoveAsync(context, name));
            throw;
        }
    }

    public ValueTask DisposeAsync() => RemoveAsync(context, Name);

    private static async ValueTask RemoveAsync(BuildContext context, string name) =>
        await context.RunAsync(new Command("docker", "rm", "-f", name), CancellationToken.None);

    /// <summary>Docker's proxy accepts connections before Java listens: wait for an HTTP answer (any status).</summary>
    private async Task WaitUntilAnswersAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var poll = 0; poll < ReadyPolls; poll++)
        {
            try
            {
                using var response = await http.GetAsync(Url, cancellationToken);
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }
        }

        throw new StepFailedException(Step, $"DynamoDB Local in {Name} did not answer on {Url} within 30 s");
    }
}
