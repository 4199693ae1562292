using System.Security.Cryptography;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SaasUsers.Data.Testing;

namespace SaasUsers.Data.WebSample.Tests.Support;

/// <summary>
/// The web sample as it runs, in this process: Kestrel on 127.0.0.1 (a free port), a fresh table on the shared
/// DynamoDB Local created by the application itself at start-up (with its stream), the change feed running, and
/// an admin address of its own. A class fixture: one application a test class.
/// </summary>
public sealed class WebSampleServer(DynamoDbLocalFixture dynamoDb) : IAsyncLifetime
{
    private static readonly string[] DerivedPartitions = ["FEED#", "ACTIVITY#", "STATS#"];

    private WebApplication? _app;

    public string Run { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();

    /// <summary>The address that gets the admin role when it signs up.</summary>
    public string AdminEmail => $"admin-{Run}@example.com";

    public string TableName { get; } = TestTableNames.New("WebSample");

    public Uri BaseUrl { get; private set; } = null!;

    public WebApplication App => _app ?? throw new InvalidOperationException("The application is not started.");

    public async ValueTask InitializeAsync()
    {
        var serviceUrl = await dynamoDb.GetServiceUrlAsync(TestContext.Current.CancellationToken);
        _app = WebSampleApp.Build([], new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["SaasUsers:ServiceUrl"] = serviceUrl.ToString(),
            ["SaasUsers:TableName"] = TableName,
            ["Sample:ConsoleTelemetry"] = "false",
            ["Sample:AdminEmails:0"] = AdminEmail,
            ["Sample:AdminPageSize"] = "1", // so that two users make two pages
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await _app.StartAsync(TestContext.Current.CancellationToken);
        BaseUrl = new Uri(WebSampleApp.Addresses(_app).Single());
    }

    /// <summary>
    /// Every item of the application's table, as sorted <c>PK|SK|attributes</c> lines, except what the running change
    /// feed writes on its own schedule: its lease and checkpoints (<c>FEED#</c>) and what it derives, a moment later,
    /// from the stream records of earlier writes (activity log <c>ACTIVITY#</c>, daily stats <c>STATS#</c>).
    /// </summary>
    public async Task<IReadOnlyList<string>> ScanApplicationItemsAsync()
    {
        var client = App.Services.GetRequiredService<IAmazonDynamoDB>();
        var lines = new List<string>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await client.ScanAsync(new ScanRequest { TableName = TableName, ConsistentRead = true, ExclusiveStartKey = start }, TestContext.Current.CancellationToken);
            lines.AddRange((page.Items ?? [])
                .Where(item => !DerivedPartitions.Any(prefix => item["PK"].S.StartsWith(prefix, StringComparison.Ordinal)))
                .Select(item => $"{item["PK"].S}|{item["SK"].S}|{string.Join(",", item.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value.S ?? a.Value.N}"))}"));
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is null)
        {
            return;
        }

        try
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.Services.GetRequiredService<IAmazonDynamoDB>().DeleteTableAsync(TableName, CancellationToken.None);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
