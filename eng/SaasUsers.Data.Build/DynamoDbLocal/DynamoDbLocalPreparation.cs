using SaasUsers.Data.Build.Docker;

namespace SaasUsers.Data.Build.DynamoDbLocal;

/// <summary>
/// DynamoDB Local for the tests, the sample and the checks: nothing when SAASUSERS_DYNAMODB_URL names a running one
/// (but, for the tests, the Testcontainers settings of an engine that already answers: a few tests pause or stop a
/// DynamoDB Local of their own); else an engine that answers, the image, and the Testcontainers settings that engine
/// needs.
/// </summary>
public static class DynamoDbLocalPreparation
{
    private static readonly TimeSpan InfoTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The engine lease to dispose at the end (it stops only a daemon this run started).</summary>
    /// <param name="context">The build's context.</param>
    /// <param name="cancellationToken">Cancels the preparation.</param>
    /// <param name="privateContainers">
    /// Whether what runs next also starts containers of its own (the tests do): with a URL set, the settings of an
    /// engine that answers are applied for them, and none is started.
    /// </param>
    public static async Task<EngineLease> PrepareAsync(BuildContext context, CancellationToken cancellationToken, bool privateContainers = false)
    {
        if (context.Settings.DynamoDbUrl is { } url)
        {
            if (!privateContainers)
            {
                context.Log.Info("endpoint", $"SAASUSERS_DYNAMODB_URL={url}; no Docker needed, none started");
            }
            else if (await DockerCli.EngineAnswersAsync(context, InfoTimeout, cancellationToken))
            {
                context.Log.Info("endpoint", $"SAASUSERS_DYNAMODB_URL={url}; the tests that pause or stop a DynamoDB Local of their own use the Docker engine that answers (none started)");
                await TestcontainersSettings.ApplyAsync(context, cancellationToken);
            }
            else
            {
                context.Log.Info("endpoint", $"SAASUSERS_DYNAMODB_URL={url}; no Docker engine answers, so the tests that pause or stop a DynamoDB Local of their own will fail (unset the variable to let this run start one)");
            }

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
