using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using SaasUsers.Data.Testing;
using Spectre.Console;

namespace SaasUsers.Data.Sample;

/// <summary>
/// Where the sample's table lives, decided once from configuration:
/// <list type="number">
/// <item><c>SaasUsers:ServiceUrl</c> set: that endpoint (a DynamoDB Local you run, for example).</item>
/// <item><c>Sample:UseAws</c> true: AWS DynamoDB, with the AWS SDK's credentials and region.</item>
/// <item>Otherwise DynamoDB Local through SaasUsers.Data.Testing: <c>SAASUSERS_DYNAMODB_URL</c>, or a container
/// started now and removed when this object is disposed.</item>
/// </list>
/// </summary>
internal sealed class DynamoDbTarget : IAsyncDisposable
{
    private readonly DynamoDbLocal? _local;

    private DynamoDbTarget(string description, bool keepsData, DynamoDbLocal? local)
    {
        Description = description;
        KeepsData = keepsData;
        _local = local;
    }

    /// <summary>Where the table lives, in words.</summary>
    public string Description { get; }

    /// <summary>Whether the data outlives this run (false for a container started by the sample).</summary>
    public bool KeepsData { get; }

    /// <summary>Decides the target; for DynamoDB Local, starts it and points <c>SaasUsers:ServiceUrl</c> at it.</summary>
    public static async Task<DynamoDbTarget> ResolveAsync(IConfigurationManager configuration, CancellationToken cancellationToken)
    {
        var section = configuration.GetSection("SaasUsers");
        if (!string.IsNullOrWhiteSpace(section["ServiceUrl"]))
        {
            return new DynamoDbTarget($"the DynamoDB endpoint {section["ServiceUrl"]}", keepsData: true, local: null);
        }

        if (configuration.GetValue<bool>("Sample:UseAws"))
        {
            var region = section["Region"] ?? Environment.GetEnvironmentVariable("AWS_REGION") ?? "the AWS SDK's default region";
            return new DynamoDbTarget($"AWS DynamoDB in {region}", keepsData: true, local: null);
        }

        var local = CreateLocal();
        try
        {
            if (local.StartsContainer)
            {
                AnsiConsole.MarkupLine("[grey]Starting DynamoDB Local in Docker (SaasUsers.Data.Testing)...[/]");
            }

            var serviceUrl = await local.GetServiceUrlAsync(cancellationToken);
            configuration.AddInMemoryCollection([new("SaasUsers:ServiceUrl", serviceUrl.ToString())]);
            return local.StartsContainer
                ? new DynamoDbTarget($"DynamoDB Local in Docker at {serviceUrl} (removed at exit)", keepsData: false, local)
                : new DynamoDbTarget($"DynamoDB Local at {serviceUrl} ({DynamoDbLocal.ServiceUrlVariable})", keepsData: true, local);
        }
        catch
        {
            await local.DisposeAsync();
            throw;
        }
    }

    // Testcontainers' own console log is off: the sample says what happens.
    private static DynamoDbLocal CreateLocal() => DynamoDbLocal.FromEnvironment(NullLogger.Instance);

    /// <summary>Removes the container, if the sample started one.</summary>
    public ValueTask DisposeAsync() => _local?.DisposeAsync() ?? ValueTask.CompletedTask;
}
