using Microsoft.Extensions.Time.Testing;
using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.SaasModel;

/// <summary>Access pattern 14: the admin listing of users by sign-up date, paged by month partitions.</summary>
public sealed class SignUpListingTests(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    [Fact]
    public async Task ListBySignUpDateAsync_AcrossMonths_ReturnsEveryUserOnceNewestFirstOneQueryAPage()
    {
        // Given: one user just before the range (who must not be listed), then users signing up in January (4),
        // February (3), none in March, April (5), then one just after the range, in a year no other test uses
        var cancellationToken = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 12, 31, 23, 59, 59, TimeSpan.Zero));
        await using var saas = SaasServices.Create(table, time);
        var before = await saas.Users.CreateAsync(new NewUser { Email = $"early.{Guid.NewGuid():N}@example.com" }, cancellationToken);
        var signedUp = new List<User>();
        foreach (var (month, count) in new[] { (1, 4), (2, 3), (4, 5) })
        {
            time.SetUtcNow(new DateTimeOffset(2031, month, 3, 9, 0, 0, TimeSpan.Zero));
            for (var i = 0; i < count; i++)
            {
                time.Advance(TimeSpan.FromHours(7));
                var id = Guid.NewGuid().ToString("N");
                signedUp.Add(await saas.Users.CreateAsync(new NewUser { UserId = id, Email = $"admin.{id}@example.com" }, cancellationToken));
            }
        }

        time.SetUtcNow(new DateTimeOffset(2031, 5, 1, 0, 0, 1, TimeSpan.Zero));
        var after = await saas.Users.CreateAsync(new NewUser { Email = $"late.{Guid.NewGuid():N}@example.com" }, cancellationToken);
        saas.Log.Clear();

        // When: listing January 1 to April 30 in pages of 2
        var query = new SignUpListQuery
        {
            From = new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero),
            To = new DateTimeOffset(2031, 4, 30, 23, 59, 59, TimeSpan.Zero),
            PageSize = 2,
        };
        var pages = new List<IReadOnlyList<User>>();
        string? cursor = null;
        do
        {
            var page = await saas.Users.ListBySignUpDateAsync(query with { Cursor = cursor }, cancellationToken);
            Assert.True(page.Items.Count <= 2);
            pages.Add(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null && pages.Count < 50);

        // Then: every user of the range exactly once, newest first, and one Query for each page
        var listed = pages.SelectMany(p => p).ToList();
        Assert.Null(cursor);
        Assert.Equal(signedUp.Select(u => u.UserId).Reverse(), listed.Select(u => u.UserId));
        Assert.Equal(listed.Count, listed.Select(u => u.UserId).Distinct().Count());
        Assert.DoesNotContain(listed, u => u.UserId == before.UserId || u.UserId == after.UserId);
        Assert.Equal(Enumerable.Repeat("Query", pages.Count), saas.Log.Operations);
        Assert.Equal(["2031-04", "2031-02", "2031-01"], listed.Select(u => u.SignUpMonth).Distinct());
    }

    [Fact]
    public async Task ListBySignUpDateAsync_WithinOneMonth_HonoursTheTimeRange()
    {
        // Given: three sign-ups on 2032-06-10 at 08:00, 12:00 and 16:00
        var cancellationToken = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(new DateTimeOffset(2032, 6, 10, 8, 0, 0, TimeSpan.Zero));
        await using var saas = SaasServices.Create(table, time);
        var users = new List<User>();
        for (var i = 0; i < 3; i++)
        {
            users.Add(await saas.Users.CreateAsync(new NewUser { Email = $"window.{Guid.NewGuid():N}@example.com" }, cancellationToken));
            time.Advance(TimeSpan.FromHours(4));
        }

        // When: listing 12:00 to 12:00 (bounds included)
        var page = await saas.Users.ListBySignUpDateAsync(
            new SignUpListQuery { From = users[1].CreatedAt, To = users[1].CreatedAt, PageSize = 10 },
            cancellationToken);

        // Then
        Assert.Equal([users[1].UserId], page.Items.Select(u => u.UserId));
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task ListBySignUpDateAsync_WithCursorOfAnotherRange_ThrowsInvalidCursor()
    {
        // Given
        var cancellationToken = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(new DateTimeOffset(2033, 3, 10, 8, 0, 0, TimeSpan.Zero));
        await using var saas = SaasServices.Create(table, time);
        for (var i = 0; i < 3; i++)
        {
            await saas.Users.CreateAsync(new NewUser { Email = $"range.{Guid.NewGuid():N}@example.com" }, cancellationToken);
            time.Advance(TimeSpan.FromMinutes(1));
        }

        var march = new SignUpListQuery { From = new DateTimeOffset(2033, 3, 1, 0, 0, 0, TimeSpan.Zero), To = new DateTimeOffset(2033, 3, 31, 0, 0, 0, TimeSpan.Zero), PageSize = 1 };
        var cursor = (await saas.Users.ListBySignUpDateAsync(march, cancellationToken)).NextCursor;
        Assert.NotNull(cursor);
        saas.Log.Clear();

        // When
        var error = await Assert.ThrowsAsync<InvalidCursorException>(
            () => saas.Users.ListBySignUpDateAsync(march with { From = march.From.AddDays(-1), Cursor = cursor }, cancellationToken));

        // Then
        Assert.Equal(InvalidCursorReason.ForeignQuery, error.Reason);
        Assert.Empty(saas.Log.Operations);
    }
}
