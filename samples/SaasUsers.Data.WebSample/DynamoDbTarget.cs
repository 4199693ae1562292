using Microsoft.Extensions.Logging.Abstractions;
using SaasUsers.Data.Testing;

namespace SaasUsers.Data.WebSample;

/// <summary>
/// Where the web sample's table lives, as for the console sample: <c>SaasUsers:ServiceUrl</c> (or
/// <c>SaasUsers__ServiceUrl</c>) when set; AWS when <c>Sample:UseAws</c> is true; else DynamoDB Local through
/// SaasUsers.Data.Testing (<c>SAASUSERS_DYNAMODB_URL</c>, or a container started now and removed on dispose).
/// </summary>
internal sealed class DynamoDbTarget : IAsyncDisposable
{
    private readonly DynamoDbLocal? _local;

    private DynamoDbTarget(string description, IReadOnlyDictionary<string, string?> settings, DynamoDbLocal? local)
    {
        Description = description;
        Settings = settings;
        _local = local;
    }

    /// <summary>Where the table lives, in words.</summary>
    public string Description { get; }

    /// <summary>The settings that point the application at it (none: the configuration already does).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    public static async Task<DynamoDbTarget> ResolveAsync(string[] args, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        if (configuration["SaasUsers:ServiceUrl"] is { Length: > 0 } url)
        {
            return new DynamoDbTarget($"the DynamoDB endpoint {url}", new Dictionary<string, string?>(), local: null);
        }

        if (configuration.GetValue<bool>("Sample:UseAws"))
        {
            return new DynamoDbTarget("AWS DynamoDB (the AWS SDK's credentials and region)", new Dictionary<string, string?>(), local: null);
        }

        var local = DynamoDbLocal.FromEnvironment(NullLogger.Instance);
        try
        {
            if (local.StartsContainer)
            {
                Console.WriteLine("Starting DynamoDB Local in Docker (SaasUsers.Data.Testing)...");
            }

            var serviceUrl = await local.GetServiceUrlAsync(cancellationToken);
            var description = local.StartsContainer
                ? $"DynamoDB Local in Docker at {serviceUrl} (removed when the sample stops)"
                : $"DynamoDB Local at {serviceUrl} ({DynamoDbLocal.ServiceUrlVariable})";
            return new DynamoDbTarget(description, new Dictionary<string, string?> { ["SaasUsers:ServiceUrl"] = serviceUrl.ToString() }, local);
        }
        catch
        {
            await local.DisposeAsync();
            throw;
        }
    }

    /// <summary>Removes the container, if the sample started one.</summary>
    public ValueTask DisposeAsync() => _local?.DisposeAsync() ?? ValueTask.CompletedTask;
}
