using SaasUsers.Data.Build.DynamoDbLocal;
using SaasUsers.Data.Build.Processes;

namespace SaasUsers.Data.Build.Steps;

/// <summary>
/// The sample command (README): DynamoDB Local ready as for the tests (the sample starts its own container through
/// SaasUsers.Data.Testing), then <c>dotnet run</c> of the sample in Release on this terminal. Asking for help needs
/// no Docker at all.
/// </summary>
public sealed class SampleCommand(BuildContext context)
{
    public static bool AsksForHelp(IReadOnlyList<string> arguments) =>
        arguments is ["help", ..] || arguments.Any(a => a is "-h" or "--help" or "-?");

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var run = new Command(
            "dotnet",
            ["run", "--project", Path.Combine(context.RepositoryRoot, "samples", "SaasUsers.Data.Sample"), "-c", "Release", "--", .. arguments])
        {
            Output = OutputMode.Inherit,
        };
        if (AsksForHelp(arguments))
        {
            return (await context.RunAsync(run, cancellationToken)).ExitCode;
        }

        Docker.EngineLease lease;
        try
        {
            lease = await DynamoDbLocalPreparation.PrepareAsync(context, cancellationToken);
        }
        catch (StepFailedException failure)
        {
            context.Log.Error(failure.Step, failure.Message);
            if (failure.LogFile is { } log)
            {
                context.Log.Tail(log);
            }

            context.Log.Error("sample", "DynamoDB Local is not available, so the sample cannot run");
            return 1;
        }

        await using (lease)
        {
            return (await context.RunAsync(run, cancellationToken)).ExitCode;
        }
    }
}
