using Spectre.Console;

namespace SaasUsers.Data.Sample.Commands;

/// <summary><c>ensure</c>: creates the table when it is missing, or checks an existing one against the model.</summary>
internal sealed class EnsureCommand(ITableProvisioner provisioner)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var result = await EnsureAsync(provisioner, cancellationToken);
        foreach (var difference in result.Differences)
        {
            AnsiConsole.MarkupLineInterpolated($"  [yellow]differs:[/] {difference}");
        }

        return 0;
    }

    /// <summary>Ensures the table and prints one line with the outcome; the other commands start with it.</summary>
    public static async Task<TableEnsureResult> EnsureAsync(ITableProvisioner provisioner, CancellationToken cancellationToken)
    {
        var result = await provisioner.EnsureTableAsync(cancellationToken);
        var outcome = result.Outcome switch
        {
            TableEnsureOutcome.Created => "created",
            TableEnsureOutcome.CreatedConcurrently => "created by another process at the same moment",
            TableEnsureOutcome.IndexesAdded => "existed; added " + string.Join(", ", result.AddedIndexes),
            _ => "already existed and matches the model",
        };
        AnsiConsole.MarkupLineInterpolated($"Table [bold]{result.TableName}[/]: {outcome} ({result.RequestCount} {(result.RequestCount == 1 ? "request" : "requests")})");
        return result;
    }
}
