using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.SaasModel;

/// <summary>Access pattern 10: a checkout payment is recorded once, however often and concurrently the provider delivers it.</summary>
public sealed class PaymentIdempotencyTests(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    [Fact]
    public async Task RecordAsync_SamePayment20TimesConcurrently_StoresOnePaymentAndReturnsItToTheOther19()
    {
        // Given: a user and one checkout session delivered 20 times at once
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var userId = await SignUpAsync(saas, cancellationToken);
        var payment = Payment(userId, "cs_" + userId);

        // When
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            await Task.Yield();
            return await saas.Payments.RecordAsync(payment, cancellationToken: cancellationToken);
        }));

        // Then: one Recorded, 19 AlreadyRecorded, all returning the one stored payment
        var recorded = Assert.Single(results, r => r.Outcome == RecordPaymentOutcome.Recorded);
        Assert.Equal(19, results.Count(r => r.Outcome == RecordPaymentOutcome.AlreadyRecorded));
        Assert.All(results, r => Assert.Equal(recorded.Payment, r.Payment));
        Assert.Equal(payment.CheckoutSessionId, recorded.Payment.CheckoutSessionId);
        Assert.Equal(new Money(1999, "EUR"), recorded.Payment.Amount);

        // And: the table holds one payment item in the user's collection and one idempotency record
        var items = await TableContents.InPartitionsAsync(
            table, [User.CreatePartitionKey(userId), CheckoutRecord.CreateKey("stripe", payment.CheckoutSessionId).PartitionKey], cancellationToken);
        var stored = CheckoutPayment.Mapper.FromItem(Assert.Single(items, i => TableContents.TypeOf(i) == CheckoutPayment.Mapper.EntityType));
        Assert.Equal(recorded.Payment, stored);
        var record = CheckoutRecord.Mapper.FromItem(Assert.Single(items, i => TableContents.TypeOf(i) == CheckoutRecord.Mapper.EntityType));
        Assert.Equal(recorded.Payment, record.Payment);
        Assert.Equal(recorded.Payment, await saas.Payments.GetByCheckoutSessionAsync("stripe", payment.CheckoutSessionId, cancellationToken));
    }

    [Fact]
    public async Task RecordAsync_SamePaymentWithSubscriptionChange20TimesConcurrently_AppliesBothOnce()
    {
        // Given: a checkout that also starts a subscription, delivered 20 times at once
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var userId = await SignUpAsync(saas, cancellationToken);
        var change = new SubscriptionChange
        {
            UserId = userId,
            SubscriptionId = "sub-" + userId,
            PaymentProvider = "stripe",
            PlanId = "pro",
            Status = SubscriptionStatus.Active,
            EventAt = new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero),
        };
        var payment = Payment(userId, "cs_" + userId) with { SubscriptionId = change.SubscriptionId };

        // When
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            await Task.Yield();
            return await saas.Payments.RecordAsync(payment, change, cancellationToken);
        }));

        // Then: one Recorded with the change applied; 19 replays return the stored payment
        var recorded = Assert.Single(results, r => r.Outcome == RecordPaymentOutcome.Recorded);
        Assert.Equal(SubscriptionChangeOutcome.Applied, recorded.SubscriptionChange);
        Assert.Equal(19, results.Count(r => r.Outcome == RecordPaymentOutcome.AlreadyRecorded));
        Assert.All(results, r => Assert.Equal(recorded.Payment, r.Payment));
        var items = await TableContents.InPartitionsAsync(table, [User.CreatePartitionKey(userId)], cancellationToken);
        Assert.Single(items, i => TableContents.TypeOf(i) == CheckoutPayment.Mapper.EntityType);
        var subscription = Subscription.Mapper.FromItem(Assert.Single(items, i => TableContents.TypeOf(i) == Subscription.Mapper.EntityType));
        Assert.Equal(1, subscription.Version);
        Assert.Equal(SubscriptionStatus.Active, subscription.Status);
    }

    [Fact]
    public async Task RecordAsync_ReplayWithAnotherAmount_ThrowsPayloadMismatchAndKeepsStoredPayment()
    {
        // Given: a recorded payment
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var userId = await SignUpAsync(saas, cancellationToken);
        var payment = Payment(userId, "cs_" + userId);
        var first = await saas.Payments.RecordAsync(payment, cancellationToken: cancellationToken);
        var before = await TableContents.SnapshotAsync(table, cancellationToken);

        // When: the same session arrives with another amount
        var error = await Assert.ThrowsAsync<PaymentPayloadMismatchException>(
            () => saas.Payments.RecordAsync(payment with { Amount = new Money(2999, "EUR") }, cancellationToken: cancellationToken));

        // Then: the error carries the stored payment, and the table is unchanged
        Assert.Equal(first.Payment, error.StoredPayment);
        Assert.Contains(payment.CheckoutSessionId, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await TableContents.SnapshotAsync(table, cancellationToken));
        Assert.Equal(new Money(1999, "EUR"), (await saas.Payments.GetByCheckoutSessionAsync("stripe", payment.CheckoutSessionId, cancellationToken))?.Amount);
    }

    [Fact]
    public async Task RecordAsync_ReplayLaterWithSamePayload_ReturnsOriginalPaymentWithItsOriginalTime()
    {
        // Given: a payment recorded on day 1
        var cancellationToken = TestContext.Current.CancellationToken;
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero));
        await using var saas = SaasServices.Create(table, time);
        var userId = await SignUpAsync(saas, cancellationToken);
        var payment = Payment(userId, "cs_" + userId);
        var first = await saas.Payments.RecordAsync(payment, cancellationToken: cancellationToken);

        // When: the provider retries three days later (far past DynamoDB's 10-minute client request token)
        time.Advance(TimeSpan.FromDays(3));
        var replay = await saas.Payments.RecordAsync(payment with { Amount = new Money(1999, "eur") }, cancellationToken: cancellationToken);

        // Then
        Assert.Equal(RecordPaymentOutcome.AlreadyRecorded, replay.Outcome);
        Assert.Equal(first.Payment, replay.Payment);
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero), replay.Payment.CreatedAt);
        var payments = await saas.Payments.ListAsync(userId, cancellationToken: cancellationToken);
        Assert.Equal([first.Payment], payments.Items);
    }

    [Fact]
    public async Task RecordAsync_ForMissingUser_ThrowsItemNotFoundAndWritesNothing()
    {
        // Given
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var userId = Guid.NewGuid().ToString("N");
        var before = await TableContents.SnapshotAsync(table, cancellationToken);

        // When
        var error = await Assert.ThrowsAsync<ItemNotFoundException>(
            () => saas.Payments.RecordAsync(Payment(userId, "cs_" + userId), cancellationToken: cancellationToken));

        // Then
        Assert.Equal(User.CreateKey(userId), error.Key);
        Assert.Equal(before, await TableContents.SnapshotAsync(table, cancellationToken));
    }

    [Fact]
    public async Task RecordAsync_WithSubscriptionChange_WritesPaymentAndSubscriptionInOneTransaction()
    {
        // Given
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var userId = await SignUpAsync(saas, cancellationToken);
        var change = new SubscriptionChange
        {
            UserId = userId,
            SubscriptionId = "sub_" + userId,
            PaymentProvider = "stripe",
            PlanId = "pro",
            Status = SubscriptionStatus.Active,
            EventAt = new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero),
        };
        saas.Log.Clear();

        // When
        var result = await saas.Payments.RecordAsync(Payment(userId, "cs_" + userId) with { SubscriptionId = change.SubscriptionId }, change, cancellationToken);

        // Then: one transaction wrote both
        Assert.Equal(["TransactWriteItems"], saas.Log.Operations);
        Assert.Equal(RecordPaymentOutcome.Recorded, result.Outcome);
        Assert.Equal(SubscriptionChangeOutcome.Applied, result.SubscriptionChange);
        var subscription = Assert.Single(await saas.Subscriptions.ListAsync(userId, cancellationToken));
        Assert.Equal(SubscriptionStatus.Active, subscription.Status);
        Assert.Equal(1, subscription.Version);
    }

    [Fact]
    public async Task RecordAsync_WithStaleSubscriptionChange_RecordsPaymentAndReportsTheSkip()
    {
        // Given: the subscription already holds a newer event
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var userId = await SignUpAsync(saas, cancellationToken);
        var newer = new SubscriptionChange
        {
            UserId = userId,
            SubscriptionId = "sub_" + userId,
            PaymentProvider = "stripe",
            PlanId = "pro",
            Status = SubscriptionStatus.PastDue,
            EventAt = new DateTimeOffset(2026, 6, 2, 10, 0, 0, TimeSpan.Zero),
        };
        await saas.Subscriptions.ApplyChangeAsync(newer, cancellationToken);
        var subscriptionBefore = await TableContents.GetAsync(table, Subscription.CreateKey(BillingAccount.UserKind, userId, newer.SubscriptionId), cancellationToken);

        // When: a checkout arrives late with an older subscription state
        var result = await saas.Payments.RecordAsync(
            Payment(userId, "cs_" + userId),
            newer with { Status = SubscriptionStatus.Active, EventAt = newer.EventAt.AddDays(-1) },
            cancellationToken);

        // Then: the payment is recorded, the subscription untouched, and the result says why
        Assert.Equal(RecordPaymentOutcome.Recorded, result.Outcome);
        Assert.Equal(SubscriptionChangeOutcome.SkippedStale, result.SubscriptionChange);
        Assert.NotNull(result.SubscriptionChangeReason);
        Assert.NotNull(await saas.Payments.GetByCheckoutSessionAsync("stripe", "cs_" + userId, cancellationToken));
        var subscriptionAfter = await TableContents.GetAsync(table, Subscription.CreateKey(BillingAccount.UserKind, userId, newer.SubscriptionId), cancellationToken);
        Assert.Equal(TableContents.Describe(subscriptionBefore!), TableContents.Describe(subscriptionAfter!));
    }

    private static NewCheckoutPayment Payment(string userId, string checkoutSessionId) => new()
    {
        PaymentProvider = "stripe",
        CheckoutSessionId = checkoutSessionId,
        UserId = userId,
        Amount = new Money(1999, "EUR"),
        Status = PaymentStatus.Paid,
        ProviderPaymentId = "pi_" + userId,
    };

    private static async Task<string> SignUpAsync(SaasServices saas, CancellationToken cancellationToken)
    {
        var userId = Guid.NewGuid().ToString("N");
        await saas.Users.CreateAsync(new NewUser { UserId = userId, Email = $"payer.{userId}@example.com" }, cancellationToken);
        return userId;
    }
}
