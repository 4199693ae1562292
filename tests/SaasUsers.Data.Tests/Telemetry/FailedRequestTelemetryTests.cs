using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.Telemetry;

/// <summary>
/// A request that never gets an answer (here: a loopback port nobody listens on, so the SDK fails with an
/// <see cref="HttpRequestException"/>, not an AWS error) is still counted, and its operation is reported failed,
/// whether the table, the provisioner or the health check sent it: they all send through one helper.
/// </summary>
public sealed class FailedRequestTelemetryTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _activities = new();
    private readonly ActivityListener _listener;
    private readonly string _tableName = TestTableNames.New("unreachable");

    public FailedRequestTelemetryTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SaasUsersTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _activities.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HealthCheck_EndpointRefusingConnections_CountsTheRequestAndReportsTheOperationFailed()
    {
        // Given
        using var client = UnreachableClient();
        var options = Options();
        var healthCheck = new SaasUsersTableHealthCheck(client, new EntityTable(client, SaasUsersModel.Default, options), Microsoft.Extensions.Options.Options.Create(options));
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("table", healthCheck, HealthStatus.Unhealthy, null) };

        // When
        var result = await healthCheck.CheckHealthAsync(context, Cancel);

        // Then
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.IsType<HttpRequestException>(result.Exception);
        AssertFailedWithOneRequest("HealthCheck", nameof(HttpRequestException));
    }

    [Fact]
    public async Task EnsureTable_EndpointRefusingConnections_CountsTheRequestAndReportsTheOperationFailed()
    {
        using var client = UnreachableClient();
        var provisioner = new TableProvisioner(client, SaasUsersModel.Default, Options());

        await Assert.ThrowsAsync<HttpRequestException>(() => provisioner.EnsureTableAsync(Cancel));

        AssertFailedWithOneRequest("EnsureTable", nameof(HttpRequestException));
    }

    [Fact]
    public async Task DeleteTable_EndpointRefusingConnections_CountsTheRequestAndReportsTheOperationFailed()
    {
        using var client = UnreachableClient();
        var provisioner = new TableProvisioner(client, SaasUsersModel.Default, Options());

        await Assert.ThrowsAsync<HttpRequestException>(() => provisioner.DeleteTableAsync(_tableName, Cancel));

        AssertFailedWithOneRequest("DeleteTable", nameof(HttpRequestException));
    }

    [Fact]
    public async Task Get_EndpointRefusingConnections_CountsTheRequestAndReportsTheOperationFailed()
    {
        using var client = UnreachableClient();
        var table = new EntityTable(client, SaasUsersModel.Default, Options());

        await Assert.ThrowsAsync<HttpRequestException>(() => table.GetAsync<User>(User.CreateKey("u-1"), cancellationToken: Cancel));

        AssertFailedWithOneRequest("Get", nameof(HttpRequestException));
    }

    [Fact]
    public async Task EnsureTable_CancelledBeforeItStarts_SendsAndCountsNothing()
    {
        using var client = UnreachableClient();
        var provisioner = new TableProvisioner(client, SaasUsersModel.Default, Options());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => provisioner.EnsureTableAsync(new CancellationToken(canceled: true)));

        var activity = Assert.Single(_activities, a => (string?)a.GetTagItem("db.collection.name") == _tableName);
        Assert.Equal(0, activity.GetTagItem("saasusers.request_count"));
        Assert.Equal(nameof(OperationCanceledException), activity.GetTagItem("error.type"));
    }

    public void Dispose() => _listener.Dispose();

    private void AssertFailedWithOneRequest(string operation, string errorType)
    {
        var activity = Assert.Single(_activities, a => (string?)a.GetTagItem("db.collection.name") == _tableName);
        Assert.Equal(operation, activity.GetTagItem("db.operation.name"));
        Assert.Equal(1, activity.GetTagItem("saasusers.request_count"));
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
        Assert.Equal(errorType, activity.GetTagItem("error.type"));
    }

    private SaasUsersTableOptions Options() => new() { TableName = _tableName, HealthCheckTimeout = TimeSpan.FromSeconds(20) };

    // A loopback port that was just free: connecting to it is refused at once.
    private static Amazon.DynamoDBv2.IAmazonDynamoDB UnreachableClient()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return DynamoDbLocal.CreateClient(new Uri($"http://127.0.0.1:{port}"), new DynamoDbClientOptions { MaxErrorRetry = 0, Timeout = TimeSpan.FromSeconds(10) });
    }
}
