namespace SaasUsers.Data.WebSample.Pages.Admin;

/// <summary>
/// The admin page: users by sign-up date, newest first, paged with the package's signed cursor (one query of one
/// month's sign-up index a page), and the last 30 days of the daily stats (one query) as server-drawn SVG charts.
/// </summary>
[Authorize(Roles = WebSampleApp.AdminRole)]
public sealed class IndexModel(IUserRepository users, IDailyStatsRepository stats, TimeProvider clock, Microsoft.Extensions.Options.IOptions<SampleOptions> sample) : PageModel
{
    public IReadOnlyList<User> Users { get; private set; } = [];

    /// <summary>The end of the listing, fixed for all its pages: a cursor belongs to the query it came from.</summary>
    public long ListedTo { get; private set; }

    public string? NextCursor { get; private set; }

    /// <summary>Why the page of users could not be read (a cursor changed by hand, or older than its lifetime).</summary>
    public string? CursorError { get; private set; }

    public IReadOnlyList<DailyStats> Days { get; private set; } = [];

    public async Task OnGetAsync(string? cursor, long? to, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var listedTo = DateTimeOffset.FromUnixTimeMilliseconds(to ?? now.ToUnixTimeMilliseconds());
        ListedTo = listedTo.ToUnixTimeMilliseconds();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var days = stats.GetRangeAsync(today.AddDays(-29), today, cancellationToken);
        try
        {
            var page = await users.ListBySignUpDateAsync(
                new SignUpListQuery { From = listedTo.AddYears(-1), To = listedTo, PageSize = sample.Value.AdminPageSize, Cursor = cursor },
                cancellationToken);
            Users = page.Items;
            NextCursor = page.NextCursor;
        }
        catch (InvalidCursorException)
        {
            CursorError = "This page's link is no longer valid; start again from the newest sign-ups.";
        }

        Days = await days;
    }
}
