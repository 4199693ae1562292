using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.SaasModel;

/// <summary>
/// The webhook writes with the caller's own actions in the same transaction (<c>ApplyChangeWithAsync</c>,
/// <c>RecordWithAsync</c>, <c>AddLinkPaymentCustomer</c>): the caller's item is written exactly when the change is,
/// and a failure of the caller's action is the caller's to read, with nothing written.
/// </summary>
public sealed class CallerActionsTests(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    private static readonly DateTimeOffset At = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Action<TransactionBuilder> Receipt(string id) => t => t.Create(new WebhookReceipt { ReceiptId = id }, "receipt");

    private static SubscriptionChange Change(string userId, SubscriptionStatus status, DateTimeOffset at) => new()
    {
        UserId = userId,
        SubscriptionId = "sub-" + userId,
        PaymentProvider = "stripe",
        PlanId = "pro",
        Status = status,
        EventAt = at,
    };

    private static NewCheckoutPayment Payment(string userId, PaymentStatus status) => new()
    {
        PaymentProvider = "stripe",
        CheckoutSessionId = "cs-" + userId,
        UserId = userId,
        Amount = new Money(1200, "EUR"),
        Status = status,
    };

    private async Task<bool> ReceiptExistsAsync(SaasServices saas, string id) =>
        await saas.Table.GetAsync<WebhookReceipt>(WebhookReceipt.CreateKey(id), consistentRead: true, Cancel) is not null;

    [Fact]
    public async Task ApplyChangeWithAsync_WritesTheCallersItemExactlyWhenTheChangeApplies()
    {
        await using var saas = SaasServices.Create(table);
        var userId = Guid.NewGuid().ToString("N");
        await saas.SignUpAsync(userId, Cancel);

        var applied = await saas.Subscriptions.ApplyChangeWithAsync(Change(userId, SubscriptionStatus.Active, At), Receipt("r1-" + userId), Cancel);
        var stale = await saas.Subscriptions.ApplyChangeWithAsync(Change(userId, SubscriptionStatus.PastDue, At.AddSeconds(-10)), Receipt("r2-" + userId), Cancel);

        Assert.Equal(SubscriptionChangeOutcome.Applied, applied.Outcome);
        Assert.Equal(SubscriptionChangeOutcome.SkippedStale, stale.Outcome);
        Assert.True(await ReceiptExistsAsync(saas, "r1-" + userId));
        Assert.False(await ReceiptExistsAsync(saas, "r2-" + userId));
    }

    [Fact]
    public async Task ApplyChangeWithAsync_WhenTheCallersActionFails_ThrowsForTheCaller_AndWritesNothing()
    {
        await using var saas = SaasServices.Create(table);
        var userId = Guid.NewGuid().ToString("N");
        await saas.SignUpAsync(userId, Cancel);
        await saas.Table.CreateAsync(new WebhookReceipt { ReceiptId = "r-" + userId }, Cancel);

        var error = await Assert.ThrowsAsync<TransactionFailedException>(() =>
            saas.Subscriptions.ApplyChangeWithAsync(Change(userId, SubscriptionStatus.Active, At), Receipt("r-" + userId), Cancel));

        Assert.Equal(TransactionFailureReason.ItemAlreadyExists, error.FailureOf("receipt")?.Reason);
        Assert.Empty(await saas.Subscriptions.ListAsync(userId, Cancel));
    }

    [Fact]
    public async Task ApplyChangeWithAsync_ForAMissingUser_IsSkipped_AndTheCallersItemIsNotWritten()
    {
        await using var saas = SaasServices.Create(table);
        var userId = Guid.NewGuid().ToString("N");

        var result = await saas.Subscriptions.ApplyChangeWithAsync(Change(userId, SubscriptionStatus.Active, At), Receipt("r-" + userId), Cancel);

        Assert.Equal(SubscriptionChangeOutcome.SkippedAccountNotFound, result.Outcome);
        Assert.False(await ReceiptExistsAsync(saas, "r-" + userId));
    }

    [Fact]
    public async Task RecordWithAsync_WritesTheCallersItemWithTheRecordAndWithTheSettlement_NotWithAReplay()
    {
        await using var saas = SaasServices.Create(table);
        var userId = Guid.NewGuid().ToString("N");
        await saas.SignUpAsync(userId, Cancel);

        var pending = await saas.Payments.RecordWithAsync(Payment(userId, PaymentStatus.Unpaid), null, Receipt("r1-" + userId), Cancel);
        var replay = await saas.Payments.RecordWithAsync(Payment(userId, PaymentStatus.Unpaid), null, Receipt("r2-" + userId), Cancel);
        var settled = await saas.Payments.RecordWithAsync(Payment(userId, PaymentStatus.Paid), null, Receipt("r3-" + userId), Cancel);

        Assert.Equal(RecordPaymentOutcome.Recorded, pending.Outcome);
        Assert.Equal(RecordPaymentOutcome.AlreadyRecorded, replay.Outcome);
        Assert.Equal(RecordPaymentOutcome.Settled, settled.Outcome);
        Assert.True(await ReceiptExistsAsync(saas, "r1-" + userId));
        Assert.False(await ReceiptExistsAsync(saas, "r2-" + userId));
        Assert.True(await ReceiptExistsAsync(saas, "r3-" + userId));
    }

    [Fact]
    public async Task RecordWithAsync_WithAStaleSubscriptionChange_WritesTheCallersItemWithThePaymentAlone()
    {
        await using var saas = SaasServices.Create(table);
        var userId = Guid.NewGuid().ToString("N");
        await saas.SignUpAsync(userId, Cancel);
        await saas.Subscriptions.ApplyChangeAsync(Change(userId, SubscriptionStatus.Canceled, At), Cancel);

        var result = await saas.Payments.RecordWithAsync(Payment(userId, PaymentStatus.Paid), Change(userId, SubscriptionStatus.Active, At.AddSeconds(-5)), Receipt("r-" + userId), Cancel);

        Assert.Equal(RecordPaymentOutcome.Recorded, result.Outcome);
        Assert.Equal(SubscriptionChangeOutcome.SkippedStale, result.SubscriptionChange);
        Assert.True(await ReceiptExistsAsync(saas, "r-" + userId));
        Assert.Equal(SubscriptionStatus.Canceled, Assert.Single(await saas.Subscriptions.ListAsync(userId, Cancel)).Status);
    }

    [Fact]
    public async Task RecordWithAsync_WhenTheCallersActionFails_WritesNoPayment()
    {
        await using var saas = SaasServices.Create(table);
        var userId = Guid.NewGuid().ToString("N");
        await saas.SignUpAsync(userId, Cancel);
        await saas.Table.CreateAsync(new WebhookReceipt { ReceiptId = "r-" + userId }, Cancel);

        var error = await Assert.ThrowsAsync<TransactionFailedException>(() => saas.Payments.RecordWithAsync(Payment(userId, PaymentStatus.Paid), null, Receipt("r-" + userId), Cancel));

        Assert.Equal(TransactionFailureReason.ItemAlreadyExists, error.FailureOf("receipt")?.Reason);
        Assert.Null(await saas.Payments.GetByCheckoutSessionAsync("stripe", "cs-" + userId, Cancel));
    }

    [Fact]
    public async Task AddLinkPaymentCustomer_LinksInTheCallersTransaction_AndFailsForAUserBeingDeleted()
    {
        await using var saas = SaasServices.Create(table);
        var userId = Guid.NewGuid().ToString("N");
        var goneId = Guid.NewGuid().ToString("N");
        await saas.SignUpAsync(userId, Cancel);
        await saas.SignUpAsync(goneId, Cancel);
        await saas.Users.DeleteAsync(goneId, Cancel);

        var transaction = new TransactionBuilder();
        Receipt("r-" + userId)(transaction);
        saas.Users.AddLinkPaymentCustomer(transaction, userId, "stripe", "cus_" + userId);
        await saas.Table.TransactWriteAsync(transaction, Cancel);

        var refused = new TransactionBuilder();
        saas.Users.AddLinkPaymentCustomer(refused, goneId, "stripe", "cus_" + goneId);
        var error = await Assert.ThrowsAsync<TransactionFailedException>(() => saas.Table.TransactWriteAsync(refused, Cancel));

        var linked = await saas.Users.GetAsync(userId, consistentRead: true, Cancel);
        Assert.Equal(("stripe", "cus_" + userId), (linked?.PaymentProvider, linked?.ProviderCustomerId));
        Assert.Equal(2, linked?.Version);
        Assert.Equal(User.CreateKey(goneId), Assert.Single(error.Failures).Key);
        Assert.Throws<ArgumentException>(() => saas.Users.AddLinkPaymentCustomer(new TransactionBuilder(), userId, "stripe", "has space"));
    }

    [Fact]
    public async Task AddLinkPaymentCustomer_ForAnOrganization_LinksInTheCallersTransaction_AndFailsForADeletedOne()
    {
        await using var saas = SaasServices.Create(table);
        var (_, organization) = await Organizations.OrganizationTestData.CreateOrganizationAsync(saas, 1, Cancel);
        var (_, gone) = await Organizations.OrganizationTestData.CreateOrganizationAsync(saas, 1, Cancel);
        await saas.Organizations.DeleteAsync(gone.OrganizationId, Cancel);
        var id = organization.OrganizationId;

        var transaction = new TransactionBuilder();
        Receipt("r-" + id)(transaction);
        saas.Organizations.AddLinkPaymentCustomer(transaction, id, "stripe", "cus_" + id);
        await saas.Table.TransactWriteAsync(transaction, Cancel);

        var refused = new TransactionBuilder();
        Receipt("r-" + gone.OrganizationId)(refused);
        saas.Organizations.AddLinkPaymentCustomer(refused, gone.OrganizationId, "stripe", "cus_" + gone.OrganizationId);
        var error = await Assert.ThrowsAsync<TransactionFailedException>(() => saas.Table.TransactWriteAsync(refused, Cancel));

        var linked = await saas.Organizations.GetAsync(id, consistentRead: true, Cancel);
        Assert.Equal(("stripe", "cus_" + id, organization.Version + 1), (linked?.PaymentProvider, linked?.ProviderCustomerId, linked?.Version));
        Assert.Equal(BillingAccount.ForOrganization(id), (await saas.Subscriptions.FindByProviderCustomerIdAsync("stripe", "cus_" + id, Cancel))?.Account);
        Assert.Equal(Organization.CreateKey(gone.OrganizationId), Assert.Single(error.Failures).Key);
        Assert.Null(await saas.Table.GetAsync<WebhookReceipt>(WebhookReceipt.CreateKey("r-" + gone.OrganizationId), consistentRead: true, Cancel));
        Assert.Throws<ArgumentException>(() => saas.Organizations.AddLinkPaymentCustomer(new TransactionBuilder(), id, "Stripe!", "cus_1"));
    }
}

/// <summary>An application's idempotency record of a webhook, written next to the repository's change.</summary>
[DynamoEntity("RECEIPT#{ReceiptId}", "RECEIPT", EntityType = "CallerActionsTests.Receipt")]
public sealed partial record WebhookReceipt
{
    public required string ReceiptId { get; init; }
}
