using Spectre.Console;

namespace SaasUsers.Data.Sample.Commands;

/// <summary>
/// <c>migrate</c>: applies the sample's migrations (registered with <c>AddSaasUsersMigration</c>) that the table has not
/// recorded, in version order, each once; a lease in the table keeps two instances from running one twice.
/// </summary>
internal sealed class MigrateCommand(ITableMigrator migrator)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var result = await migrator.RunAsync(cancellationToken);
        foreach (var applied in result.Applied)
        {
            AnsiConsole.MarkupLineInterpolated($"  applied [bold]{applied.Version} {applied.Name}[/] in {applied.Duration.TotalSeconds:N1} s");
        }

        AnsiConsole.MarkupLineInterpolated($"Migrations: {result.Applied.Count} applied now, {result.AlreadyApplied} already applied, {migrator.Migrations.Count} registered.");
        foreach (var recorded in await migrator.GetAppliedAsync(cancellationToken))
        {
            AnsiConsole.MarkupLineInterpolated($"  [grey]{recorded.Version} {recorded.Name}: applied {recorded.AppliedAt:u} by {recorded.AppliedBy}[/]");
        }

        return 0;
    }
}
