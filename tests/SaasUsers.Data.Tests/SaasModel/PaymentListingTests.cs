using Microsoft.Extensions.Time.Testing;
using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.SaasModel;

/// <summary>Access patterns 11 and 12: a payment by checkout session, and a user's payments newest first, page by page.</summary>
public sealed class PaymentListingTests(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    [Fact]
    public async Task ListAsync_12PaymentsInPagesOf5_ReturnsAllNewestFirstOneQueryAPage()
    {
        // Given: 12 payments an hour apart, and a subscription in the same item collection
        var cancellationToken = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero));
        await using var saas = SaasServices.Create(table, time);
        var userId = await SignUpAsync(saas, cancellationToken);
        var recorded = await RecordPaymentsAsync(saas, time, userId, 12, cancellationToken);
        await saas.Subscriptions.ApplyChangeAsync(
            new SubscriptionChange { UserId = userId, SubscriptionId = "sub-1", PaymentProvider = "stripe", PlanId = "pro", Status = SubscriptionStatus.Active, EventAt = time.GetUtcNow() },
            cancellationToken);
        saas.Log.Clear();

        // When: paging with the cursor until there is none
        var pages = new List<IReadOnlyList<CheckoutPayment>>();
        string? cursor = null;
        do
        {
            var page = await saas.Payments.ListAsync(userId, pageSize: 5, cursor, cancellationToken);
            pages.Add(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null && pages.Count < 10);

        // Then: 5 + 5 + 2, newest first, each payment once, one Query a page
        Assert.Equal([5, 5, 2], pages.Select(p => p.Count));
        Assert.Equal(recorded.AsEnumerable().Reverse(), pages.SelectMany(p => p));
        Assert.Equal(Enumerable.Repeat("Query", pages.Count), saas.Log.Operations);
    }

    [Fact]
    public async Task ListAsync_WithCursorOfAnotherUsersListing_ThrowsInvalidCursorForeignQueryBeforeAnyRequest()
    {
        // Given: a cursor from user A's listing
        var cancellationToken = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero));
        await using var saas = SaasServices.Create(table, time);
        var userA = await SignUpAsync(saas, cancellationToken);
        var userB = await SignUpAsync(saas, cancellationToken);
        await RecordPaymentsAsync(saas, time, userA, 3, cancellationToken);
        await RecordPaymentsAsync(saas, time, userB, 3, cancellationToken);
        var pageOfA = await saas.Payments.ListAsync(userA, pageSize: 2, cancellationToken: cancellationToken);
        Assert.NotNull(pageOfA.NextCursor);
        saas.Log.Clear();

        // When: it is used to page user B's payments
        var error = await Assert.ThrowsAsync<InvalidCursorException>(
            () => saas.Payments.ListAsync(userB, pageSize: 2, pageOfA.NextCursor, cancellationToken));

        // Then
        Assert.Equal(InvalidCursorReason.ForeignQuery, error.Reason);
        Assert.Equal("cursor", error.ParamName);
        Assert.Empty(saas.Log.Operations);
    }

    [Fact]
    public async Task ListAsync_WithTamperedCursor_ThrowsInvalidCursor()
    {
        // Given
        var cancellationToken = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero));
        await using var saas = SaasServices.Create(table, time);
        var userId = await SignUpAsync(saas, cancellationToken);
        await RecordPaymentsAsync(saas, time, userId, 3, cancellationToken);
        var cursor = (await saas.Payments.ListAsync(userId, pageSize: 1, cancellationToken: cancellationToken)).NextCursor!;
        var tampered = cursor[..10] + (cursor[10] == 'A' ? 'B' : 'A') + cursor[11..];

        // When
        var error = await Assert.ThrowsAsync<InvalidCursorException>(() => saas.Payments.ListAsync(userId, pageSize: 1, tampered, cancellationToken));

        // Then
        Assert.Equal(InvalidCursorReason.Tampered, error.Reason);
    }

    [Fact]
    public async Task GetByCheckoutSessionAsync_ReturnsThePaymentWithOneGetItem()
    {
        // Given
        var cancellationToken = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero));
        await using var saas = SaasServices.Create(table, time);
        var userId = await SignUpAsync(saas, cancellationToken);
        var recorded = await RecordPaymentsAsync(saas, time, userId, 2, cancellationToken);
        saas.Log.Clear();

        // When
        var found = await saas.Payments.GetByCheckoutSessionAsync("stripe", recorded[1].CheckoutSessionId, cancellationToken);
        var missing = await saas.Payments.GetByCheckoutSessionAsync("stripe", "cs_never_" + userId, cancellationToken);

        // Then
        Assert.Equal(recorded[1], found);
        Assert.Null(missing);
        Assert.Equal(["GetItem", "GetItem"], saas.Log.Operations);
    }

    private static async Task<string> SignUpAsync(SaasServices saas, CancellationToken cancellationToken)
    {
        var userId = Guid.NewGuid().ToString("N");
        await saas.Users.CreateAsync(new NewUser { UserId = userId, Email = $"buyer.{userId}@example.com" }, cancellationToken);
        return userId;
    }

    private static async Task<List<CheckoutPayment>> RecordPaymentsAsync(SaasServices saas, FakeTimeProvider time, string userId, int count, CancellationToken cancellationToken)
    {
        var payments = new List<CheckoutPayment>();
        for (var i = 0; i < count; i++)
        {
            time.Advance(TimeSpan.FromHours(1));
            var result = await saas.Payments.RecordAsync(
                new NewCheckoutPayment
                {
                    PaymentProvider = "stripe",
                    // Session ids that sort against the time order, so the order can only come from the time.
                    CheckoutSessionId = $"cs_{userId}_{99 - i:D2}",
                    UserId = userId,
                    Amount = new Money(100 * (i + 1), "EUR"),
                    Status = PaymentStatus.Paid,
                },
                cancellationToken: cancellationToken);
            payments.Add(result.Payment);
        }

        return payments;
    }
}
