using SaasUsers.Data.Build.DynamoDbLocal;

namespace SaasUsers.Data.Build.Steps;

/// <summary>One check on its own (eng/package-smoke-test.sh, eng/aot-check.sh): DynamoDB Local ready, the check, the engine stopped if started.</summary>
public sealed class CheckCommand(BuildContext context)
{
    public async Task<int> RunAsync(Func<CancellationToken, Task<int>> check, CancellationToken cancellationToken)
    {
        try
        {
            await using var lease = await DynamoDbLocalPreparation.PrepareAsync(context, cancellationToken);
            return await check(cancellationToken);
        }
        catch (StepFailedException failure)
        {
            context.Log.Error(failure.Step, failure.Message);
            if (failure.LogFile is { } log)
            {
                context.Log.Tail(log);
            }

            return 1;
        }
    }
}
