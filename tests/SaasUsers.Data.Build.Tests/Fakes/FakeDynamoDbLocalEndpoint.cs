using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SaasUsers.Data.Build.Tests.Fakes;

/// <summary>
/// What <c>docker run</c> of DynamoDB Local gives the build: a loopback port that answers HTTP. The fake machine's
/// <c>docker port</c> names this listener, so the build's readiness poll gets a real answer.
/// </summary>
public sealed class FakeDynamoDbLocalEndpoint : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task serving;

    private FakeDynamoDbLocalEndpoint()
    {
        listener.Start();
        serving = ServeAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Starts the listener and teaches <paramref name="machine"/> the container's <c>docker run</c> and <c>docker port</c>.</summary>
    public static FakeDynamoDbLocalEndpoint On(TestMachine machine)
    {
        var endpoint = new FakeDynamoDbLocalEndpoint();
        machine.Processes.On("docker run -d --rm --name saasusers-tests-", 0, "c0ffee\n");
        machine.Processes.On("docker port saasusers-tests-", 0, $"127.0.0.1:{endpoint.Port}\n");
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await serving;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The listener was stopped under a pending accept: that is how serving ends.
        }

        stop.Dispose();
    }

    private async Task ServeAsync()
    {
        var answer = Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        while (!stop.IsCancellationRequested)
        {
            using var client = await listener.AcceptTcpClientAsync(stop.Token);
            var stream = client.GetStream();
            var buffer = new byte[4096];
            _ = await stream.ReadAsync(buffer, stop.Token);
            await stream.WriteAsync(answer, stop.Token);
        }
    }
}
