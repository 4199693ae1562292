using SaasUsers.Data.Build.Docker;
using SaasUsers.Data.Build.Processes;

namespace SaasUsers.Data.Build.DynamoDbLocal;

/// <summary>
/// Makes the DynamoDB Local image exist: reused when present; else <c>docker pull</c> (60 s at most; unless
/// SAASUSERS_DYNAMODB_PULL=0); else built here without a registry (<see cref="DynamoDbLocalImageBuild"/>).
/// </summary>
public sealed class DynamoDbLocalImage(BuildContext context)
{
    public const string Step = "image";

    private static readonly TimeSpan PullTimeout = TimeSpan.FromSeconds(60);

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var log = context.Log;
        var image = context.Settings.Image;
        var start = log.Start();
        if (await DockerCli.ImageExistsAsync(context, image, cancellationToken))
        {
            var origin = await DockerCli.ImageLabelAsync(context, image, DynamoDbLocalDistribution.BuiltLocallyLabel, cancellationToken) == "true"
                ? "built locally earlier"
                : "present";
            log.Info(Step, $"found {image} ({origin}); reusing it ({log.Since(start)})");
            return;
        }

        if (context.Settings.TryPull)
        {
            var pullLog = context.LogFile("docker-pull.log");
            if ((await context.RunAsync(new Command("docker", "pull", image) { LogFile = pullLog, Timeout = PullTimeout }, cancellationToken)).Succeeded)
            {
                log.Info(Step, $"pulled {image} ({log.Since(start)})");
                return;
            }

            log.Info(Step, $"{image} is not here and cannot be pulled (no registry reachable? log: {pullLog}); building it ({log.Since(start)})");
        }
        else
        {
            log.Info(Step, $"{image} is not here; building it (SAASUSERS_DYNAMODB_PULL=0)");
        }

        await using var work = WorkDirectory.Create(context);
        await new DynamoDbLocalImageBuild(context, work).RunAsync(image, cancellationToken);
        log.Info(Step, $"built {image} in {log.Since(start)}");
    }
}
