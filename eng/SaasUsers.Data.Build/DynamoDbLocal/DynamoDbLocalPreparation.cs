using SaasUsers.Data.Build.Docker;

namespace SaasUsers.Data.Build.DynamoDbLocal;

/// <summary>
/// DynamoDB Local for the tests, the sample and the checks: nothing when SAASUSERS_DYNAMODB_URL names a running one;
/// else an engine that answers, the image, and the Testcontainers settings that engine needs.
/// </summary>
public static class DynamoDbLocalPreparation
{
    /// <summary>The engine lease to dispose at the end (it stops only a daemon this run started).</summary>
    public static async Task<EngineLease> PrepareAsync(BuildContext context, CancellationToken cancellationToken)
    {
        if (context.Settings.DynamoDbUrl is { } url)
        {
            context.Log.Info("endpoint", $"SAASUSERS_DYNAMODB_URL={url}; no Docker needed, none started");
            return EngineLease.NotOurs;
        }

        var lease = await new DockerEngine(context).EnsureAsync(cancellationToken);
        try
        {
            await new DynamoDbLocalImage(context).EnsureAsync(cancellationToken);
            await TestcontainersSettings.ApplyAsync(context, cancellationToken);
            return lease;
        }
        catch
        {
            await lease.DisposeAsync();
            throw;
        }
    }
}
