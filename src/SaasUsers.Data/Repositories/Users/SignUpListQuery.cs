namespace SaasUsers.Data;

/// <summary>
/// A page of the admin listing of users by sign-up date, newest first, within a date range. Users are indexed by
/// sign-up month, so each page reads one month's partition (no hot partition); a page can be short at the end of a
/// month, and a month without sign-ups gives an empty page with a cursor to the month before.
/// </summary>
public sealed record SignUpListQuery
{
    /// <summary>The earliest sign-up time to list.</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>The latest sign-up time to list.</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>The most users a page returns, 1 to 1000. Defaults to 50.</summary>
    public int PageSize { get; init; } = 50;

    /// <summary>The cursor of the page to read, from the page before; <see langword="null"/> for the first page.</summary>
    public string? Cursor { get; init; }
}
