using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SaasUsers.Data.Tests.Reliability;
using Xunit;

namespace SaasUsers.Data.Tests.Correctness;

/// <summary>
/// Issue 13, defect 10, and the options message: the client the package builds gives up on a dead endpoint in
/// seconds (it retried a refused connection for about 110 s), its timeout and retries are configurable, the health
/// check has a timeout of its own, and a value that does not parse is listed with every other invalid option.
/// </summary>
public sealed class DefaultClientTests
{
    // A hang guard, not a speed assertion: far above what the settings allow, far below the 110 s of the unset SDK default.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(40);

    [Fact]
    public void DefaultClient_HasTheConfiguredTimeoutAndRetries()
    {
        using var provider = Services(o =>
        {
            o.ServiceUrl = "http://127.0.0.1:8000";
            o.RequestTimeout = TimeSpan.FromSeconds(7);
            o.MaxErrorRetry = 1;
        });

        var config = provider.GetRequiredService<IAmazonDynamoDB>().Config;

        Assert.Equal(TimeSpan.FromSeconds(7), config.Timeout);
        Assert.Equal(1, config.MaxErrorRetry);
    }

    [Fact]
    public void DefaultClient_WithoutSettings_HasFiniteDefaults()
    {
        using var provider = Services(o => o.ServiceUrl = "http://127.0.0.1:8000");

        var config = provider.GetRequiredService<IAmazonDynamoDB>().Config;

        Assert.Equal(TimeSpan.FromSeconds(10), config.Timeout);
        Assert.Equal(3, config.MaxErrorRetry);
    }

    [Fact]
    public async Task HealthCheck_OnARefusedEndpoint_IsUnhealthyWithoutACallerToken()
    {
        // Given: the package's own client pointed at a loopback port nothing listens on
        using var provider = Services(o => o.ServiceUrl = $"http://127.0.0.1:{ClosedPort()}");
        var health = provider.GetRequiredService<HealthCheckService>();

        // When: the health endpoint asks without a cancellation token, as /healthz does
        var report = await ContainerFaultTests.Within(health.CheckHealthAsync(CancellationToken.None), HangGuard);

        // Then: an answer, unhealthy, saying the endpoint refused
        var entry = Assert.Single(report.Entries).Value;
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("could not be described", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthCheck_OnAnEndpointThatNeverAnswers_IsUnhealthyAfterItsOwnTimeout()
    {
        // Given: a loopback listener that accepts connections and never answers, and a client that would wait a minute
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var held = new System.Collections.Concurrent.ConcurrentBag<TcpClient>();
        var accepting = Task.Run(async () =>
        {
            while (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                held.Add(await listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken));
            }
        }, TestContext.Current.CancellationToken);
        using var provider = Services(o =>
        {
            o.ServiceUrl = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
            o.RequestTimeout = TimeSpan.FromMinutes(1);
            o.HealthCheckTimeout = TimeSpan.FromSeconds(1);
        });
        var health = provider.GetRequiredService<HealthCheckService>();

        // When
        var report = await ContainerFaultTests.Within(health.CheckHealthAsync(CancellationToken.None), HangGuard);

        // Then: unhealthy, naming the health check's own timeout
        var entry = Assert.Single(report.Entries).Value;
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("HealthCheckTimeout", entry.Description, StringComparison.Ordinal);
        listener.Stop();
        await Assert.ThrowsAnyAsync<Exception>(() => accepting);
        foreach (var connection in held)
        {
            connection.Dispose();
        }
    }

    [Fact]
    public async Task Start_WithAValueThatDoesNotParseAndAnotherInvalidOption_ListsBoth()
    {
        // Given: a number that is not a number, and no table name
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SaasUsers:MaxBatchAttempts"] = "many",
            ["SaasUsers:RequestTimeout"] = "soon",
            ["SaasUsers:Region"] = "Europe",
        });
        builder.Services.AddSaasUsersTable(builder.Configuration.GetSection("SaasUsers"));
        using var host = builder.Build();

        // When
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        // Then: one message with every problem (README: "The message lists every invalid option")
        Assert.Contains("MaxBatchAttempts: 'many'", error.Message, StringComparison.Ordinal);
        Assert.Contains("RequestTimeout: 'soon'", error.Message, StringComparison.Ordinal);
        Assert.Contains("TableName is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("Region 'Europe'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RequestTimeout", "00:00:00.5")]
    [InlineData("MaxErrorRetry", "11")]
    [InlineData("HealthCheckTimeout", "00:00:00")]
    public async Task Start_WithClientSettingOutOfRange_FailsNamingTheOption(string option, string value)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["SaasUsers:TableName"] = "users", ["SaasUsers:" + option] = value });
        builder.Services.AddSaasUsersTable(builder.Configuration.GetSection("SaasUsers"));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(option, error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Services(Action<SaasUsersTableOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSaasUsersTable(o =>
        {
            o.TableName = "health-users";
            configure(o);
        });
        services.AddHealthChecks().AddSaasUsersTable();
        return services.BuildServiceProvider();
    }

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
