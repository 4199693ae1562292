using Spectre.Console;

namespace SaasUsers.Data.Sample.Commands;

/// <summary><c>activity &lt;user id or e-mail&gt;</c>: lets the change feed catch up, then prints the user's activity log, newest first.</summary>
internal sealed class ActivityCommand(ChangeFeedConsumer feed, IUserRepository users, IActivityLog activity)
{
    public async Task<int> RunAsync(string identifier, CancellationToken cancellationToken)
    {
        await feed.CatchUpAsync(cancellationToken);
        var user = identifier.Contains('@', StringComparison.Ordinal)
            ? await users.FindByEmailAsync(identifier, cancellationToken)
            : await users.GetAsync(identifier, cancellationToken: cancellationToken);
        if (user is null)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]No user[/] {identifier}.");
            return 1;
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"Activity of {Markup.Escape(user.Email)}");
        table.AddColumn("When (UTC)");
        table.AddColumn("What");
        table.AddColumn("Details");
        string? cursor = null;
        var shown = 0;
        do
        {
            var page = await activity.ListForUserAsync(user.UserId, 20, cursor, cancellationToken);
            foreach (var entry in page.Items)
            {
                table.AddRow(entry.OccurredAt.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), entry.Kind.ToString(), Markup.Escape(entry.Summary));
                shown++;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null && shown < 100);

        AnsiConsole.Write(table);
        return 0;
    }
}
