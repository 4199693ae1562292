using Spectre.Console;

namespace SaasUsers.Data.Sample.Commands;

/// <summary>
/// <c>stats</c>: lets the change feed catch up (daily stats and activity log), then charts the last 30 days:
/// sign-ups, payments and revenue, and monthly recurring revenue at each day's end.
/// </summary>
internal sealed class StatsCommand(ChangeFeedConsumer feed, IDailyStatsRepository stats, TimeProvider clock)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var delivered = await feed.CatchUpAsync(cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var days = await stats.GetRangeAsync(today.AddDays(-29), today, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"[grey]Change feed: {delivered:N0} new changes counted.[/]");
        if (days.All(d => d.SignUps == 0 && d.Payments == 0))
        {
            AnsiConsole.MarkupLine("No activity in the last 30 days. Seed some first, in a DynamoDB Local that keeps its data:");
            AnsiConsole.MarkupLine("  SAASUSERS_DYNAMODB_URL=http://127.0.0.1:8000 ./eng/sample.sh seed --users 300, then stats");
            return 0;
        }

        var currencies = days.SelectMany(d => d.MonthlyRecurringRevenue.Keys.Concat(d.Revenue.Keys)).Distinct().Order().ToArray();
        var mainCurrency = currencies.FirstOrDefault() ?? "EUR";
        var maxSignUps = Math.Max(1, days.Max(d => d.SignUps));
        var maxMrr = Math.Max(1, days.Max(d => d.MonthlyRecurringRevenue.GetValueOrDefault(mainCurrency)));
        var table = new Table().Border(TableBorder.Rounded).Title("Last 30 days (UTC)");
        table.AddColumn("Day");
        table.AddColumn("Sign-ups");
        table.AddColumn(new TableColumn("Payments").RightAligned());
        table.AddColumn(new TableColumn($"Revenue").RightAligned());
        table.AddColumn($"MRR {mainCurrency} (end of day)");
        foreach (var day in days)
        {
            var mrr = day.MonthlyRecurringRevenue.GetValueOrDefault(mainCurrency);
            table.AddRow(
                day.Date.ToString("ddd dd MMM", System.Globalization.CultureInfo.InvariantCulture),
                $"[green]{Bar(day.SignUps, maxSignUps, 20)}[/] {day.SignUps}",
                day.Payments.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(string.Join(" ", day.Revenue.OrderBy(r => r.Key).Select(r => new Money(r.Value, r.Key).ToString()))),
                $"[blue]{Bar(mrr, maxMrr, 24)}[/] {Markup.Escape(new Money(mrr, mainCurrency).ToString())}");
        }

        AnsiConsole.Write(table);
        var last = days[^1];
        AnsiConsole.MarkupLineInterpolated(
            $"Today: {last.ActiveSubscriptions:N0} active subscriptions; MRR {string.Join(", ", last.MonthlyRecurringRevenue.OrderBy(m => m.Key).Select(m => new Money(m.Value, m.Key).ToString()))}; 30 days: {days.Sum(d => d.SignUps):N0} sign-ups, {days.Sum(d => d.Payments):N0} payments, {days.Sum(d => d.Cancellations):N0} cancellations.");
        return 0;
    }

    private static string Bar(long value, long max, int width) => new('█', (int)Math.Round(width * (double)value / max));
}
