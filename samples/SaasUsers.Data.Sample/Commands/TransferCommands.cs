using Spectre.Console;

namespace SaasUsers.Data.Sample.Commands;

/// <summary>
/// <c>export --file F [--types T1,T2 | --user ID]</c> and <c>import --file F</c>: move items between tables and stages,
/// or hand a user's data over, as JSON lines in DynamoDB's export format.
/// </summary>
internal sealed class TransferCommands(ITableTransfer transfer, IUserRepository users, ITableProvisioner provisioner)
{
    public async Task<int> ExportAsync(SampleCommandLine command, CancellationToken cancellationToken)
    {
        ExportScope scope;
        if (command.User is { } userId)
        {
            var user = await users.GetAsync(userId, cancellationToken: cancellationToken);
            if (user is null)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]No user {userId}.[/]");
                return 1;
            }

            scope = ExportScope.OfUser(user.UserId, user.NormalizedEmail);
        }
        else
        {
            scope = command.Types is { } types ? ExportScope.OfEntityTypes([.. types]) : ExportScope.WholeTable;
        }

        await using var file = File.Create(command.File!);
        var result = await WithProgressAsync($"Exporting to {command.File}", progress =>
            transfer.ExportAsync(file, scope, new TransferOptions { CapacityUnitsPerSecond = command.Rate }, progress, cancellationToken));
        AnsiConsole.MarkupLineInterpolated($"Exported [bold]{result.Items:N0}[/] items to {command.File} in {result.Elapsed.TotalSeconds:N1} s.");
        return 0;
    }

    public async Task<int> ImportAsync(SampleCommandLine command, CancellationToken cancellationToken)
    {
        // Moving data to another stage usually starts from no table there.
        await EnsureCommand.EnsureAsync(provisioner, cancellationToken);
        await using var file = File.OpenRead(command.File!);
        try
        {
            var result = await WithProgressAsync($"Importing {command.File}", progress =>
                transfer.ImportAsync(file, new TransferOptions { CapacityUnitsPerSecond = command.Rate }, progress, cancellationToken));
            AnsiConsole.MarkupLineInterpolated($"Imported [bold]{result.Items:N0}[/] items from {result.Lines:N0} lines in {result.Elapsed.TotalSeconds:N1} s.");
            return 0;
        }
        catch (ImportFileException exception)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{exception.BadLineCount} bad lines; nothing was written.[/]");
            foreach (var line in exception.Lines.Take(20))
            {
                AnsiConsole.MarkupLineInterpolated($"  {line}");
            }

            return 1;
        }
    }

    private static async Task<T> WithProgressAsync<T>(string description, Func<IProgress<TransferProgress>, Task<T>> run)
    {
        T result = default!;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(description, maxValue: 1);
                result = await run(new Progress<TransferProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.TotalItems ?? p.Items);
                    task.Value = Math.Min(task.MaxValue, p.Items);
                    task.Description = $"{description}: {p.Items:N0} items, {p.ItemsPerSecond:N0}/s";
                }));
                task.Value = task.MaxValue;
            });
        return result;
    }
}
