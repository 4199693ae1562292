using Spectre.Console;

namespace SaasUsers.Data.Sample.Commands;

/// <summary>
/// <c>backfill [--types T1,T2] [--segments N] [--rate CU] [--run NAME] [--dry-run]</c>: rewrites the items of the
/// given entity types to the current model (index keys computed, defaults filled) with a parallel scan, showing
/// progress. Stopped (Ctrl+C, or the process killed), it resumes where it was when run again with the same name.
/// </summary>
internal sealed class BackfillCommand(ITableBackfill backfill)
{
    public async Task<int> RunAsync(SampleCommandLine command, CancellationToken cancellationToken)
    {
        var plan = SampleEntityTypes.Plan(command.Types);
        using var audit = command.Audit is null ? null : new StreamWriter(command.Audit, append: true) { AutoFlush = true };
        var options = new BackfillOptions
        {
            OnItemRewritten = audit is null ? null : key =>
            {
                lock (audit)
                {
                    audit.WriteLine(key.PartitionKey + "\t" + key.SortKey);
                }
            },
            RunName = command.RunName,
            Segments = command.Segments,
            CapacityUnitsPerSecond = command.Rate,
            DryRun = command.DryRun,
        };

        BackfillResult? result = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"Backfill {options.RunName} ({string.Join(", ", plan.EntityTypes)})", maxValue: 1);
                var progress = new Progress<BackfillProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.EstimatedTotalItems ?? p.ItemsScanned);
                    task.Value = Math.Min(task.MaxValue, p.ItemsScanned);
                    task.Description = $"Backfill {options.RunName}: {p.ItemsScanned:N0} read, {p.ItemsRewritten:N0} {(options.DryRun ? "to rewrite" : "rewritten")}, {p.ItemsPerSecond:N0}/s, segments {p.SegmentsDone}/{p.TotalSegments}";
                });
                result = await backfill.RunAsync(plan, options, progress, cancellationToken);
                task.Value = task.MaxValue;
            });

        var final = result!.Progress;
        AnsiConsole.MarkupLineInterpolated(
            $"{(result.DryRun ? "Dry run" : "Backfill")} [bold]{result.RunName}[/]{(result.Resumed ? " (resumed)" : string.Empty)}: {final.ItemsScanned:N0} items read, {final.ItemsMatched:N0} of the types, [bold]{final.ItemsRewritten:N0} {(result.DryRun ? "would be rewritten" : "rewritten")}[/], {final.ItemsUnchanged:N0} already current, {final.ItemsFailed:N0} failed, in {final.Elapsed.TotalSeconds:N1} s ({final.ItemsPerSecond:N0} items/s).");
        foreach (var failure in result.Failures.Take(10))
        {
            AnsiConsole.MarkupLineInterpolated($"  [red]failed:[/] {failure.EntityType} {failure.Key}: {failure.Error}");
        }

        return final.ItemsFailed == 0 ? 0 : 1;
    }
}
