using System.Collections.Concurrent;
using System.Net.Sockets;
using SaasUsers.Data.Tests.Reliability.Support;
using Xunit;

namespace SaasUsers.Data.Tests.Reliability;

/// <summary>
/// DynamoDB Local stopped while sign-ups are running, on a container of this test's own that keeps its tables on disk:
/// every caller gets a clear connection error, none hangs past what the client's timeout and retries allow, and once
/// the container is started again every acknowledged sign-up is there with its e-mail sentinel, while each sign-up
/// cut off by the stop is there whole or not at all.
/// </summary>
public sealed class ContainerStopTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private const int MaxErrorRetry = 1;
    private const int Workers = 4;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DynamoDbLocalStoppedMidRun_EveryRunningCallerFailsWithAConnectionError_NoneHangs_AndNoAcknowledgedSignUpIsLost()
    {
        // Given sign-ups running on four workers against a DynamoDB Local of our own
        await using var dynamoDb = await PrivateDynamoDbLocal.StartAsync(Cancel, keepDataOnDisk: true);
        var model = SaasUsersModel.Default;
        var options = await dynamoDb.CreateTableAsync(model, "stop", Cancel);
        using var client = dynamoDb.CreateClient(Timeout, MaxErrorRetry);
        var users = new UserRepository(new EntityTable(client, model, options));
        var acknowledged = 0;
        var stored = new ConcurrentQueue<string>();
        var cutOff = new ConcurrentQueue<string>();
        var failures = new ConcurrentQueue<Exception>();
        var enoughDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; ; i++)
            {
                var userId = $"stop-{worker}-{i}";
                try
                {
                    await users.CreateAsync(new NewUser { Email = userId + "@example.com", UserId = userId }, Cancel);
                    stored.Enqueue(userId);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !Cancel.IsCancellationRequested)
                {
                    cutOff.Enqueue(userId);
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

        // And once DynamoDB Local is started again, every acknowledged sign-up is stored with its sentinel, each
        // sign-up the stop cut off is stored whole or not at all, and nothing else is there
        await dynamoDb.StartAgainAsync(Cancel);
        using var reader = dynamoDb.CreateClient();
        var items = await TableSnapshot.ScanAsync(reader, options.TableName!, Cancel);
        var keys = items.Select(i => i["PK"].S).ToHashSet(StringComparer.Ordinal);
        bool Whole(string userId) => keys.Contains("USER#" + userId) && keys.Contains("EMAIL#" + userId + "@example.com");
        var lost = stored.Count(id => !keys.Contains("USER#" + id)) + stored.Count(id => !keys.Contains("EMAIL#" + id + "@example.com"));
        ContainerFaultTests.Count(operations: Volatile.Read(ref acknowledged) + Workers + 1, containerFaults: 1, writesChecked: stored.Count * 2, lost: lost);
        Assert.Equal(0, lost);
        Assert.All(cutOff, id => Assert.True(Whole(id) || !(keys.Contains("USER#" + id) || keys.Contains("EMAIL#" + id + "@example.com")), $"Sign-up {id} is stored in part."));
        Assert.Equal((stored.Count + cutOff.Count(Whole)) * 2, items.Count);
    }
}
