using Microsoft.Extensions.Options;
using Spectre.Console;

namespace SaasUsers.Data.Sample.Commands;

/// <summary>
/// <c>adopt [--dry-run]</c>: points the package at a table that already exists (an SST one, say), reports exactly how
/// it differs from the model, then adds the missing indexes one <c>UpdateTable</c> at a time (waiting for each to
/// fill, with a progress bar) and turns on time to live. It never deletes or changes an index or the key schema.
/// </summary>
internal sealed class AdoptCommand(IEntityTable table, IOptions<SaasUsersTableOptions> options, Amazon.DynamoDBv2.IAmazonDynamoDB client, TimeProvider clock)
{
    public async Task<int> RunAsync(bool dryRun, CancellationToken cancellationToken)
    {
        // The same options as the application's, with adoption allowed for this run.
        var adopting = Copy(options.Value);
        adopting.AddMissingIndexes = true;
        adopting.EnableTimeToLive = true;
        adopting.CreateTableIfMissing = false;
        var provisioner = new TableProvisioner(client, table.Model, adopting, clock);

        var check = await provisioner.CheckTableAsync(cancellationToken);
        if (!check.Exists)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Table {check.TableName} does not exist[/]: adopt works on an existing table (ensure creates a new one).");
            return 1;
        }

        AnsiConsole.MarkupLineInterpolated($"Table [bold]{check.TableName}[/] ({check.Status}, about {check.ApproximateItemCount ?? 0:N0} items):");
        foreach (var unread in check.NotChecked)
        {
            AnsiConsole.MarkupLineInterpolated($"  [grey]{unread}[/]");
        }

        if (check.Matches)
        {
            AnsiConsole.MarkupLine("  matches the model; nothing to do.");
            return 0;
        }

        foreach (var difference in check.Differences)
        {
            AnsiConsole.MarkupLineInterpolated($"  [yellow]{difference.Subject}[/]: expected {difference.Expected}, found {difference.Actual}");
        }

        if (dryRun)
        {
            AnsiConsole.MarkupLine("[grey]Dry run: nothing changed. Run adopt without --dry-run to add the indexes and turn on time to live.[/]");
            return 0;
        }

        TableEnsureResult? result = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var progress = new Progress<TableEnsureProgress>(p =>
                {
                    if (p.IndexName is null)
                    {
                        return;
                    }

                    if (!tasks.TryGetValue(p.IndexName, out var task))
                    {
                        task = context.AddTask(p.Step, maxValue: 1);
                        tasks[p.IndexName] = task;
                    }

                    task.Description = $"{p.Step}: {p.Status}{(p.Backfilling ? ", filling from existing items" : string.Empty)}";
                    if (p.Status == "ACTIVE")
                    {
                        task.Value = 1;
                    }
                });
                result = await provisioner.EnsureTableAsync(progress, cancellationToken);
            });

        AnsiConsole.MarkupLineInterpolated(
            $"Adopted: added {(result!.AddedIndexes.Count == 0 ? "no index" : string.Join(", ", result.AddedIndexes))}{(result.TimeToLiveEnabled ? ", time to live on" : string.Empty)} ({result.RequestCount} requests).");
        foreach (var difference in result.Differences)
        {
            AnsiConsole.MarkupLineInterpolated($"  [grey]left as it is:[/] {difference}");
        }

        AnsiConsole.MarkupLine("[grey]Old items lack the new index attributes: run backfill next.[/]");
        return 0;
    }

    private static SaasUsersTableOptions Copy(SaasUsersTableOptions source)
    {
        var copy = new SaasUsersTableOptions
        {
            TableName = source.ResolvedTableName,
            BillingMode = source.BillingMode,
            ReadCapacityUnits = source.ReadCapacityUnits,
            WriteCapacityUnits = source.WriteCapacityUnits,
            TableActiveTimeout = source.TableActiveTimeout,
            IndexActiveTimeout = source.IndexActiveTimeout,
        };
        return copy;
    }
}
