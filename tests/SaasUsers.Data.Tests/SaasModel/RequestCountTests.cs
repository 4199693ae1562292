using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.SaasModel;

/// <summary>
/// The requests each access pattern of design.md sends, counted on the wire by the client's request log: the
/// number and the kind, and never a Scan.
/// </summary>
public sealed class RequestCountTests(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    private static readonly DateTimeOffset EventAt = new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Pattern01_GetUserById_SendsOneGetItem()
    {
        await using var saas = SaasServices.Create(table);
        var user = await SignUpAsync(saas);

        var operations = await MeasureAsync(saas, () => saas.Users.GetAsync(user.UserId, cancellationToken: Token));

        Assert.Equal(["GetItem"], operations);
    }

    [Fact]
    public async Task Pattern02_GetUserByEmailIgnoringCase_SendsOneQuery()
    {
        await using var saas = SaasServices.Create(table);
        var user = await SignUpAsync(saas);
        User? found = null;

        var operations = await MeasureAsync(saas, async () => found = await saas.Users.FindByEmailAsync(user.Email.ToUpperInvariant(), Token));

        Assert.Equal(["Query"], operations);
        Assert.Equal(user.UserId, found?.UserId);
    }

    [Fact]
    public async Task Pattern03_CreateUser_SendsOneTransaction()
    {
        await using var saas = SaasServices.Create(table);

        var operations = await MeasureAsync(saas, () => saas.Users.CreateAsync(new NewUser { Email = $"p3.{Guid.NewGuid():N}@example.com" }, Token));

        Assert.Equal(["TransactWriteItems"], operations);
    }

    [Fact]
    public async Task Pattern04_UpdateProfileWithVersion_SendsOneUpdateItem()
    {
        await using var saas = SaasServices.Create(table);
        var user = await SignUpAsync(saas);

        var operations = await MeasureAsync(saas, () => saas.Users.UpdateProfileAsync(user with { DisplayName = "Four" }, Token));

        Assert.Equal(["UpdateItem"], operations);
    }

    [Fact]
    public async Task Pattern05_ChangeEmail_SendsOneTransaction()
    {
        await using var saas = SaasServices.Create(table);
        var user = await SignUpAsync(saas);

        var operations = await MeasureAsync(saas, () => saas.Users.ChangeEmailAsync(user, $"p5.{Guid.NewGuid():N}@example.com", Token));

        Assert.Equal(["TransactWriteItems"], operations);
    }

    [Fact]
    public async Task Pattern06_AccountOverview_SendsThreeBoundedReads()
    {
        await using var saas = SaasServices.Create(table);
        var user = await SignUpAsync(saas);
        await SubscribeAsync(saas, user);
        await PayAsync(saas, user, "cs_p6_" + user.UserId);

        var operations = await MeasureAsync(saas, () => saas.Accounts.GetOverviewAsync(user.UserId, cancellationToken: Token));

        // The user, the subscriptions and the payments, each bounded by its sort key, sent at once.
        Assert.Equal(["GetItem", "Query", "Query"], operations.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Pattern07_ListSubscriptionsAndGetActive_SendOneQueryEach()
    {
        await using var saas = SaasServices.Create(table);
        var user = await SignUpAsync(saas);
        await SubscribeAsync(saas, user);

        var list = await MeasureAsync(saas, () => saas.Subscriptions.ListAsync(user.UserId, Token));
        var active = await MeasureAsync(saas, () => saas.Subscriptions.GetActiveAsync(user.UserId, Token));

        Assert.Equal(["Query"], list);
        Assert.Equal(["Query"], active);
    }

    [Fact]
    public async Task Pattern08_ApplySubscriptionChange_SendsOneTransactionAndReadsBackWhenApplied()
    {
        await using var saas = SaasServices.Create(table);
        var user = await SignUpAsync(saas);
        var change = Change(user);

        var created = await MeasureAsync(saas, () => saas.Subscriptions.ApplyChangeAsync(change, Token));
        var updated = await MeasureAsync(saas, () => saas.Subscriptions.ApplyChangeAsync(change with { Status = SubscriptionStatus.PastDue, EventAt = EventAt.AddHours(1) }, Token));
        var stale = await MeasureAsync(saas, () => saas.Subscriptions.ApplyChangeAsync(change, Token));

        // A transaction (the user's existence and the upsert); an applied change reads the stored subscription back.
        Assert.Equal(["TransactWriteItems", "GetItem"], created);
        Assert.Equal(["TransactWriteItems", "GetItem"], updated);
        Assert.Equal(["TransactWriteItems"], stale);
    }

    [Fact]
    public async Task Pattern09_FindByProviderCustomerOrSubscriptionId_SendOneQueryEach()
    {
        await using var saas = SaasServices.Create(table);
        var user = await SignUpAsync(saas);
        await saas.Users.LinkPaymentCustomerAsync(user.UserId, "stripe", "cus_" + user.UserId, Token);
        await SubscribeAsync(saas, user);

        var byCustomer = await MeasureAsync(saas, () => saas.Subscriptions.FindByProviderCustomerIdAsync("stripe", "cus_" + user.UserId, Token));
        var bySubscription = await MeasureAsync(saas, () => saas.Subscriptions.FindByProviderSubscriptionIdAsync("stripe", "sub_" + user.UserId, Token));

        Assert.Equal(["Query"], byCustomer);
        Assert.Equal(["Query"], bySubscription);
    }

    [Fact]
    public async Task Pattern10_RecordCheckoutPayment_SendsOneTransactionFirstTimeAndOnReplay()
    {
        await using var saas = SaasServices.Create(table);
        var user = await SignUpAsync(saas);
        var payment = Payment(user, "cs_p10_" + user.UserId);

        var first = await MeasureAsync(saas, () => saas.Payments.RecordAsync(payment, Change(user), Token));
        var replay = await MeasureAsync(saas, () => saas.Payments.RecordAsync(payment, cancellationToken: Token));

        Assert.Equal(["TransactWriteItems"], first);
        Assert.Equal(["TransactWriteItems"], replay);
    }

    [Fact]
    public async Task Pattern11_GetPaymentByCheckoutSession_SendsOneGetItem()
    {
        await using var saas = SaasServices.Create(table);
        var user = await SignUpAsync(saas);
        await PayAsync(saas, user, "cs_p11_" + user.UserId);

        var operations = await MeasureAsync(saas, () => saas.Payments.GetByCheckoutSessionAsync("stripe", "cs_p11_" + user.UserId, Token));

        Assert.Equal(["GetItem"], operations);
    }

    [Fact]
    public async Task Pattern12_ListPaymentsPage_SendsOneQueryAPage()
    {
        await using var saas = SaasServices.Create(table);
        var user = await SignUpAsync(saas);
        for (var i = 0; i < 3; i++)
        {
            await PayAsync(saas, user, $"cs_p12_{i}_{user.UserId}");
        }

        QueryPage<CheckoutPayment>? first = null;
        var page1 = await MeasureAsync(saas, async () => first = await saas.Payments.ListAsync(user.UserId, pageSize: 2, cancellationToken: Token));
        var page2 = await MeasureAsync(saas, () => saas.Payments.ListAsync(user.UserId, pageSize: 2, first!.NextCursor, Token));

        Assert.Equal(["Query"], page1);
        Assert.Equal(["Query"], page2);
    }

    [Fact]
    public async Task Pattern13_DeleteUser_MarksSweepsAndDeletesTheUserLast()
    {
        await using var saas = SaasServices.Create(table);
        var user = await SignUpAsync(saas);
        await SubscribeAsync(saas, user);
        await PayAsync(saas, user, "cs_p13_" + user.UserId);

        var operations = await MeasureAsync(saas, () => saas.Users.DeleteAsync(user.UserId, Token));

        // The memberships (none: not the last owner of anything), mark, the memberships again (none to leave), sweep
        // (a batch, then a query that finds the collection empty), sentinel, user item, a last sweep.
        Assert.Equal(["Query", "UpdateItem", "Query", "Query", "BatchWriteItem", "Query", "DeleteItem", "DeleteItem", "Query"], operations);
    }

    [Fact]
    public async Task Pattern14_ListUsersBySignUpDatePage_SendsOneQueryAPage()
    {
        var now = new DateTimeOffset(2026, 9, 15, 12, 0, 0, TimeSpan.Zero);
        await using var saas = SaasServices.Create(table, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now));
        await SignUpAsync(saas);
        await SignUpAsync(saas);
        var query = new SignUpListQuery { From = now.AddDays(-1), To = now.AddDays(1), PageSize = 1 };

        QueryPage<User>? first = null;
        var page1 = await MeasureAsync(saas, async () => first = await saas.Users.ListBySignUpDateAsync(query, Token));
        var page2 = await MeasureAsync(saas, () => saas.Users.ListBySignUpDateAsync(query with { Cursor = first!.NextCursor }, Token));

        Assert.Equal(["Query"], page1);
        Assert.Equal(["Query"], page2);
    }

    [Fact]
    public async Task Pattern10_RecordCheckoutPaymentWithStaleSubscriptionChange_SendsASecondTransactionForThePaymentAlone()
    {
        // A transaction cannot skip one conditional action and keep the others: when the subscription change is
        // stale, the first transaction is cancelled and the payment is recorded by a second one (design.md says
        // 1; this is the bounded exception, reported to the caller as SkippedStale).
        await using var saas = SaasServices.Create(table);
        var user = await SignUpAsync(saas);
        await saas.Subscriptions.ApplyChangeAsync(Change(user) with { EventAt = EventAt.AddDays(1) }, Token);
        RecordPaymentResult? result = null;

        var operations = await MeasureAsync(saas, async () => result = await saas.Payments.RecordAsync(Payment(user, "cs_p10s_" + user.UserId), Change(user), Token));

        Assert.Equal(["TransactWriteItems", "TransactWriteItems"], operations);
        Assert.Equal(RecordPaymentOutcome.Recorded, result?.Outcome);
        Assert.Equal(SubscriptionChangeOutcome.SkippedStale, result?.SubscriptionChange);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>The requests <paramref name="call"/> sent, and none of what came before it.</summary>
    private static async Task<string[]> MeasureAsync(SaasServices saas, Func<Task> call)
    {
        saas.Log.Clear();
        await call();
        var operations = saas.Log.Operations.ToArray();
        Assert.DoesNotContain("Scan", operations);
        return operations;
    }

    private static Task<User> SignUpAsync(SaasServices saas)
    {
        var id = Guid.NewGuid().ToString("N");
        return saas.Users.CreateAsync(new NewUser { UserId = id, Email = $"count.{id}@example.com" }, Token);
    }

    private static SubscriptionChange Change(User user) => new()
    {
        UserId = user.UserId,
        SubscriptionId = "sub-1",
        PaymentProvider = "stripe",
        PlanId = "pro",
        Status = SubscriptionStatus.Active,
        ProviderSubscriptionId = "sub_" + user.UserId,
        ProviderCustomerId = "cus_" + user.UserId,
        EventAt = EventAt,
    };

    private static Task<SubscriptionChangeResult> SubscribeAsync(SaasServices saas, User user) => saas.Subscriptions.ApplyChangeAsync(Change(user), Token);

    private static NewCheckoutPayment Payment(User user, string checkoutSessionId) => new()
    {
        PaymentProvider = "stripe",
        CheckoutSessionId = checkoutSessionId,
        UserId = user.UserId,
        Amount = new Money(4900, "USD"),
        Status = PaymentStatus.Paid,
    };

    private static Task<RecordPaymentResult> PayAsync(SaasServices saas, User user, string checkoutSessionId) =>
        saas.Payments.RecordAsync(Payment(user, checkoutSessionId), cancellationToken: Token);
}
