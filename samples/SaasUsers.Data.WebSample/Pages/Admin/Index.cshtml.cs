using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SaasUsers.Data.WebSample.Pages.Admin;

/// <summary>
/// The admin page: users by sign-up date, newest first, paged with the package's signed cursor (one query of one
/// month's sign-up index a page), and the last 30 days of the daily stats (one query) as server-drawn SVG charts.
/// </summary>
[Authorize(Roles = WebSampleApp.AdminRole)]
public sealed class IndexModel(IUserRepository users, IDailyStatsRepository stats, TimeProvider clock) : PageModel
{
    public const int PageSize = 10;

    public IReadOnlyList<User> Users { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public IReadOnlyList<DailyStats> Days { get; private set; } = [];

    public async Task OnGetAsync(string? cursor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var page = users.ListBySignUpDateAsync(new SignUpListQuery { From = now.AddYears(-1), To = now, PageSize = PageSize, Cursor = cursor }, cancellationToken);
        var days = stats.GetRangeAsync(today.AddDays(-29), today, cancellationToken);
        var found = await page;
        Users = found.Items;
        NextCursor = found.NextCursor;
        Days = await days;
    }
}
