using SaasUsers.Data.Build.DynamoDbLocal;
using SaasUsers.Data.Build.Processes;

namespace SaasUsers.Data.Build.Steps;

/// <summary>
/// Runs a program with SAASUSERS_DYNAMODB_URL naming a DynamoDB Local (the benchmarks' scripts): the given URL, or one
/// container of the image on a loopback port, removed afterwards with any engine this run started.
/// </summary>
public sealed class WithDynamoDbLocalCommand(BuildContext context)
{
    public async Task<int> RunAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        if (command.Count == 0)
        {
            context.Log.Error("with-dynamodb-local", "no command given: with-dynamodb-local -- <program> [arguments]");
            return 2;
        }

        await using var lease = await DynamoDbLocalPreparation.PrepareAsync(context, cancellationToken);
        await using var container = context.Settings.DynamoDbUrl is null ? await DynamoDbLocalContainer.StartAsync(context, "run", cancellationToken) : null;
        var run = new Command(command[0], command.Skip(1).ToArray())
        {
            Output = OutputMode.Inherit,
            Environment = new Dictionary<string, string?> { [BuildSettings.DynamoDbUrlVariable] = container?.Url ?? context.Settings.DynamoDbUrl },
        };
        return (await context.RunAsync(run, cancellationToken)).ExitCode;
    }
}
