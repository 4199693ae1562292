using SaasUsers.Data.Build.DynamoDbLocal;
using SaasUsers.Data.Build.Processes;

namespace SaasUsers.Data.Build.Steps;

/// <summary>
/// The sample command (README): DynamoDB Local ready as for the tests (the sample starts its own container through
/// SaasUsers.Data.Testing), then <c>dotnet run</c> of the sample in Release on this terminal: the console sample, or
/// with <c>web</c> first the web sample (samples/SaasUsers.Data.WebSample, which prints its URL and runs until Ctrl+C).
/// Asking for help, or a mistyped command, needs no Docker at all: the sample checks its arguments first (it knows
/// its own commands).
/// </summary>
public sealed class SampleCommand(BuildContext context)
{
    /// <summary>The sample's own switch (SampleCommandLine.CheckOnlyVariable): check the arguments, run nothing.</summary>
    public const string CheckOnlyVariable = "SAASUSERS_SAMPLE_CHECK_ONLY";

    public static bool AsksForHelp(IReadOnlyList<string> arguments) =>
        arguments is ["help", ..] || arguments.Any(a => a is "-h" or "--help" or "-?");

    /// <summary>The first argument that runs the web sample instead of the console sample.</summary>
    public const string Web = "web";

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var web = arguments is [Web, ..];
        var project = Path.Combine(context.RepositoryRoot, "samples", web ? "SaasUsers.Data.WebSample" : "SaasUsers.Data.Sample");
        arguments = web ? arguments.Skip(1).ToArray() : arguments;
        var run = new Command("dotnet", ["run", "--project", project, "-c", "Release", "--", .. arguments])
        {
            Output = OutputMode.Inherit,
        };
        if (AsksForHelp(arguments))
        {
            return (await context.RunAsync(run, cancellationToken)).ExitCode;
        }

        // Builds the sample and checks the arguments; wrong ones print the usage and end here, before Docker.
        var check = run with { Environment = new Dictionary<string, string?> { [CheckOnlyVariable] = "1" } };
        var checkedArguments = await context.RunAsync(check, cancellationToken);
        if (checkedArguments.ExitCode != 0)
        {
            return checkedArguments.ExitCode;
        }

        run = run with { Arguments = ["run", "--project", project, "-c", "Release", "--no-build", "--", .. arguments] };

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
