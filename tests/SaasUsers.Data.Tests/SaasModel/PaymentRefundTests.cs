using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.SaasModel;

/// <summary>Refunds of checkout payments: a cumulative total that only grows, with the payment and its record kept in step.</summary>
public sealed class PaymentRefundTests(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset At = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    private static async Task<(string UserId, string Session)> PaidAsync(SaasServices saas, PaymentStatus status = PaymentStatus.Paid)
    {
        var userId = Guid.NewGuid().ToString("N");
        await saas.SignUpAsync(userId, Cancel);
        var session = "cs_" + userId;
        await saas.Payments.RecordAsync(new NewCheckoutPayment { UserId = userId, PaymentProvider = "stripe", CheckoutSessionId = session, Amount = new Money(5000, "EUR"), Status = status }, cancellationToken: Cancel);
        return (userId, session);
    }

    [Fact]
    public async Task RecordRefundAsync_ReadsTheRecordThenWritesOneTransaction_AndALowerTotalWritesNothing()
    {
        await using var saas = SaasServices.Create(table);
        var (userId, session) = await PaidAsync(saas);
        var unrefunded = Assert.Single(await TableContents.InPartitionsAsync(table, [User.CreatePartitionKey(userId)], Cancel), i => TableContents.TypeOf(i) == CheckoutPayment.Mapper.EntityType);
        Assert.False(unrefunded.ContainsKey("AmountRefundedMinor") || unrefunded.ContainsKey("RefundedAt"), "A payment without refunds stores no refund attributes.");

        saas.Log.Clear();
        var partial = await saas.Payments.RecordRefundAsync("stripe", session, new Money(2000, "eur"), At, Cancel);
        Assert.Equal(["GetItem", "TransactWriteItems"], saas.Log.Operations);
        saas.Log.Clear();
        var older = await saas.Payments.RecordRefundAsync("stripe", session, new Money(1000, "EUR"), At.AddSeconds(-1), Cancel);
        Assert.Equal(["GetItem"], saas.Log.Operations);
        var full = await saas.Payments.RecordRefundAsync("stripe", session, new Money(5000, "EUR"), At.AddSeconds(1), Cancel);

        Assert.Equal((RecordRefundOutcome.Refunded, PaymentRefundState.PartiallyRefunded, new Money(2000, "EUR")), (partial.Outcome, partial.Payment.RefundState, partial.Payment.AmountRefunded));
        Assert.Equal((RecordRefundOutcome.AlreadyRecorded, 2000L), (older.Outcome, older.Payment.AmountRefundedMinor));
        Assert.Equal((RecordRefundOutcome.Refunded, PaymentRefundState.Refunded), (full.Outcome, full.Payment.RefundState));
        var listed = Assert.Single((await saas.Payments.ListAsync(userId, 10, null, Cancel)).Items);
        Assert.Equal(full.Payment, listed);
        Assert.Equal((PaymentStatus.Paid, At.AddSeconds(1)), (listed.Status, listed.RefundedAt));
        Assert.Equal(full.Payment, await saas.Payments.GetByCheckoutSessionAsync("stripe", session, Cancel));
    }

    [Fact]
    public async Task ConcurrentTotals_EndAtTheLargest()
    {
        await using var saas = SaasServices.Create(table);
        var (userId, session) = await PaidAsync(saas);

        var results = await Task.WhenAll(Enumerable.Range(1, 10).Select(i => Task.Run(() => saas.Payments.RecordRefundAsync("stripe", session, new Money(i * 500, "EUR"), At.AddSeconds(i), Cancel), Cancel)));

        Assert.Contains(results, r => r.Outcome == RecordRefundOutcome.Refunded && r.Payment.AmountRefundedMinor == 5000);
        var listed = Assert.Single((await saas.Payments.ListAsync(userId, 10, null, Cancel)).Items);
        Assert.Equal((5000L, PaymentRefundState.Refunded, At.AddSeconds(10)), (listed.AmountRefundedMinor, listed.RefundState, listed.RefundedAt));
        Assert.Equal(5000L, (await saas.Payments.GetByCheckoutSessionAsync("stripe", session, Cancel))?.AmountRefundedMinor);
    }

    [Fact]
    public async Task ARefundOfAPendingPayment_IsKeptWhenItSettles()
    {
        await using var saas = SaasServices.Create(table);
        var (userId, session) = await PaidAsync(saas, PaymentStatus.Unpaid);

        await saas.Payments.RecordRefundAsync("stripe", session, new Money(5000, "EUR"), At, Cancel);
        var settled = await saas.Payments.SettleAsync("stripe", session, PaymentStatus.Paid, Cancel);

        Assert.Equal((PaymentStatus.Paid, PaymentRefundState.Refunded), (settled.Payment.Status, settled.Payment.RefundState));
        var listed = Assert.Single((await saas.Payments.ListAsync(userId, 10, null, Cancel)).Items);
        Assert.Equal((PaymentStatus.Paid, PaymentRefundState.Refunded), (listed.Status, listed.RefundState));
    }

    [Theory]
    [InlineData(0, "EUR")]
    [InlineData(5001, "EUR")]
    [InlineData(100, "USD")]
    [InlineData(100, "XXQ")]
    public async Task ATotalThatDoesNotFitThePayment_IsRefusedByName_AndWritesNothing(long amount, string currency)
    {
        await using var saas = SaasServices.Create(table);
        var (_, session) = await PaidAsync(saas);
        var before = await TableContents.SnapshotAsync(table, Cancel);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => saas.Payments.RecordRefundAsync("stripe", session, new Money(amount, currency), At, Cancel));

        Assert.Equal("totalRefunded", error.ParamName);
        Assert.Equal(before, await TableContents.SnapshotAsync(table, Cancel));
    }

    [Fact]
    public async Task ARefundOfNoRecordedPayment_OrOfADeletedUsersPayment_IsNotFound()
    {
        await using var saas = SaasServices.Create(table);
        var (userId, session) = await PaidAsync(saas);
        await saas.Users.DeleteAsync(userId, Cancel);

        await Assert.ThrowsAsync<ItemNotFoundException>(() => saas.Payments.RecordRefundAsync("stripe", "cs_none_" + userId, new Money(100, "EUR"), At, Cancel));
        await Assert.ThrowsAsync<ItemNotFoundException>(() => saas.Payments.RecordRefundAsync("stripe", session, new Money(100, "EUR"), At, Cancel));
    }

    [Fact]
    public async Task RecordRefundWithAsync_WritesTheCallersActionWithTheRefundOnly()
    {
        await using var saas = SaasServices.Create(table);
        var (_, session) = await PaidAsync(saas);

        await saas.Payments.RecordRefundWithAsync("stripe", session, new Money(3000, "EUR"), At, t => t.Create(new WebhookReceipt { ReceiptId = "refund-" + session }, "receipt"), Cancel);
        var stale = await saas.Payments.RecordRefundWithAsync("stripe", session, new Money(1000, "EUR"), At, t => t.Create(new WebhookReceipt { ReceiptId = "stale-" + session }, "receipt"), Cancel);
        var again = await Assert.ThrowsAsync<TransactionFailedException>(() => saas.Payments.RecordRefundWithAsync("stripe", session, new Money(4000, "EUR"), At, t => t.Create(new WebhookReceipt { ReceiptId = "refund-" + session }, "receipt"), Cancel));

        Assert.NotNull(await saas.Table.GetAsync<WebhookReceipt>(WebhookReceipt.CreateKey("refund-" + session), consistentRead: true, Cancel));
        Assert.Equal(RecordRefundOutcome.AlreadyRecorded, stale.Outcome);
        Assert.Null(await saas.Table.GetAsync<WebhookReceipt>(WebhookReceipt.CreateKey("stale-" + session), consistentRead: true, Cancel));
        Assert.Equal(TransactionFailureReason.ItemAlreadyExists, again.FailureOf("receipt")?.Reason);
        Assert.Equal(3000L, (await saas.Payments.GetByCheckoutSessionAsync("stripe", session, Cancel))?.AmountRefundedMinor);
    }
}
