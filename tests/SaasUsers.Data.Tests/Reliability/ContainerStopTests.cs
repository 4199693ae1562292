using System.Collections.Concurrent;
using System.Net.Sockets;
using SaasUsers.Data.Tests.Reliability.Support;
using Xunit;

namespace SaasUsers.Data.Tests.Reliability;

/// <summary>
/// DynamoDB Local stopped while sign-ups are running, on a container of this test's own: every caller gets a clear
/// connection error, none hangs past what the client's timeout and retries allow.
/// </summary>
public sealed class ContainerStopTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private const int MaxErrorRetry = 1;
    private const int Workers = 4;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DynamoDbLocalStoppedMidRun_EveryRunningCallerFailsWithAConnectionError_NoneHangs()
    {
        // Given sign-ups running on four workers against a DynamoDB Local of our own
        await using var dynamoDb = await PrivateDynamoDbLocal.StartAsync(Cancel);
        var model = SaasUsersModel.Default;
        var options = await dynamoDb.CreateTableAsync(model, "stop", Cancel);
        using var client = dynamoDb.CreateClient(Timeout, MaxErrorRetry);
        var users = new UserRepository(new EntityTable(client, model, options));
        var acknowledged = 0;
        var failures = new ConcurrentQueue<Exception>();
        var enoughDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; ; i++)
            {
                try
                {
                    await users.CreateAsync(new NewUser { Email = $"stop-{worker}-{i}@example.com" }, Cancel);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !Cancel.IsCancellationRequested)
                {
                    failures.Enqueue(exception);
                    return;
                }

                if (Interlocked.Increment(ref acknowledged) == 20)
                {
                    enoughDone.TrySetResult();
                }
            }
        }, Cancel)).ToArray();

        // When DynamoDB Local stops after 20 acknowledged sign-ups
        await enoughDone.Task.WaitAsync(TimeSpan.FromMinutes(2), Cancel);
        await dynamoDb.StopAsync(Cancel);

        // Then every worker ends, within the bound the client settings give (a hang fails WaitAsync)
        var guard = Timeout * (MaxErrorRetry + 1) + TimeSpan.FromSeconds(30);
        await Task.WhenAll(workers).WaitAsync(guard, Cancel);
        Assert.Equal(Workers, failures.Count);

        // And each failure is a clear connection error, never a silent cancellation: the connection was refused (the
        // next request), dropped while the answer was on its way, or left unanswered until the client's timeout
        var port = dynamoDb.ServiceUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.All(failures, error =>
        {
            switch (error)
            {
                case HttpRequestException refused:
                    Assert.Equal(HttpRequestError.ConnectionError, refused.HttpRequestError);
                    Assert.Contains(port, refused.Message, StringComparison.Ordinal);
                    break;
                case TimeoutException unanswered:
                    // A request that reached DynamoDB Local while it was shutting down, cut by the client's timeout.
                    Assert.Contains("client timeout", unanswered.Message, StringComparison.Ordinal);
                    break;
                case IOException dropped:
                    Assert.True(
                        dropped is HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded } || dropped.GetBaseException() is SocketException,
                        $"Not a dropped connection: {dropped}");
                    break;
                default:
                    Assert.Fail($"Not a connection error: {error}");
                    break;
            }
        });

        // And a call made after the stop fails the same way, within the same bound
        var after = await Assert.ThrowsAsync<HttpRequestException>(() => users.GetAsync("anyone", cancellationToken: Cancel).WaitAsync(guard, Cancel));
        Assert.Equal(HttpRequestError.ConnectionError, after.HttpRequestError);
        Assert.Contains(port, after.Message, StringComparison.Ordinal);
        ContainerFaultTests.Count(operations: Volatile.Read(ref acknowledged) + Workers + 1, containerFaults: 1, writesChecked: 0);
    }
}
