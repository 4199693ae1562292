using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.SaasModel;

/// <summary>
/// Bad input to each repository is refused before any request: the exact exception type, a parameter name that
/// names the argument, a message that states the rule, no request sent and nothing written.
/// </summary>
public sealed class InputValidationTests(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    private static readonly DateTimeOffset EventAt = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Each case: the call, the exception type, its ParamName and a fragment of its message.</summary>
    private static readonly Dictionary<string, Case> Cases = new(StringComparer.Ordinal)
    {
        // Users
        ["Users.Create: invalid e-mail"] = new((s, u) => s.Users.CreateAsync(new NewUser { Email = "ada.example.com" }, Token), typeof(ArgumentException), "Email", "not a valid e-mail address"),
        ["Users.Create: e-mail with a space"] = new((s, u) => s.Users.CreateAsync(new NewUser { Email = "ada lovelace@example.com" }, Token), typeof(ArgumentException), "Email", "not a valid e-mail address"),
        ["Users.Create: e-mail too long"] = new((s, u) => s.Users.CreateAsync(new NewUser { Email = new string('a', 64) + "@" + new string('b', 190) + ".com" }, Token), typeof(ArgumentException), "Email", "at most 254"),
        ["Users.Create: empty e-mail"] = new((s, u) => s.Users.CreateAsync(new NewUser { Email = " " }, Token), typeof(ArgumentException), "Email", "empty"),
        ["Users.Create: null e-mail"] = new((s, u) => s.Users.CreateAsync(new NewUser { Email = null! }, Token), typeof(ArgumentNullException), "Email", "required"),
        ["Users.Create: empty id"] = new((s, u) => s.Users.CreateAsync(new NewUser { UserId = "", Email = "empty.id@example.com" }, Token), typeof(ArgumentException), "UserId", "empty"),
        ["Users.Create: id with a space"] = new((s, u) => s.Users.CreateAsync(new NewUser { UserId = "x EMAIL", Email = "forge@example.com" }, Token), typeof(ArgumentException), "UserId", "printable ASCII"),
        ["Users.Create: control character in display name"] = new((s, u) => s.Users.CreateAsync(new NewUser { Email = "ctrl@example.com", DisplayName = "Ada\u0007" }, Token), typeof(ArgumentException), "DisplayName", "control characters"),
        ["Users.Create: null sign-up"] = new((s, u) => s.Users.CreateAsync(null!, Token), typeof(ArgumentNullException), "newUser", "newUser"),
        ["Users.Get: empty id"] = new((s, u) => s.Users.GetAsync("", cancellationToken: Token), typeof(ArgumentException), "userId", "empty"),
        ["Users.FindByEmail: invalid e-mail"] = new((s, u) => s.Users.FindByEmailAsync("@example.com", Token), typeof(ArgumentException), "email", "not a valid e-mail address"),
        ["Users.UpdateProfile: undefined status"] = new((s, u) => s.Users.UpdateProfileAsync(u with { Status = (UserStatus)42 }, Token), typeof(ArgumentOutOfRangeException), "Status", "defined UserStatus"),
        ["Users.UpdateProfile: too much metadata"] = new((s, u) => s.Users.UpdateProfileAsync(u with { Metadata = Enumerable.Range(0, 51).ToDictionary(i => $"k{i}", i => "v") }, Token), typeof(ArgumentException), "Metadata", "at most 50"),
        ["Users.ChangeEmail: invalid e-mail"] = new((s, u) => s.Users.ChangeEmailAsync(u, "two@@example.com", Token), typeof(ArgumentException), "newEmail", "not a valid e-mail address"),
        ["Users.LinkPaymentCustomer: upper-case provider"] = new((s, u) => s.Users.LinkPaymentCustomerAsync(u.UserId, "Stripe", "cus_1", Token), typeof(ArgumentException), "paymentProvider", "lower-case"),
        ["Users.LinkPaymentCustomer: empty customer id"] = new((s, u) => s.Users.LinkPaymentCustomerAsync(u.UserId, "stripe", "", Token), typeof(ArgumentException), "providerCustomerId", "empty"),
        ["Users.Delete: empty id"] = new((s, u) => s.Users.DeleteAsync(" ", Token), typeof(ArgumentException), "userId", "empty"),
        ["Users.ListBySignUpDate: page size 0"] = new((s, u) => s.Users.ListBySignUpDateAsync(new SignUpListQuery { From = EventAt, To = EventAt, PageSize = 0 }, Token), typeof(ArgumentOutOfRangeException), "PageSize", "from 1 to 1000"),
        ["Users.ListBySignUpDate: From after To"] = new((s, u) => s.Users.ListBySignUpDateAsync(new SignUpListQuery { From = EventAt, To = EventAt.AddDays(-1) }, Token), typeof(ArgumentException), "From", "must not be after To"),

        // Subscriptions
        ["Subscriptions.ApplyChange: undefined status"] = new((s, u) => s.Subscriptions.ApplyChangeAsync(Change(u) with { Status = (SubscriptionStatus)99 }, Token), typeof(ArgumentOutOfRangeException), "Status", "defined SubscriptionStatus"),
        ["Subscriptions.ApplyChange: empty subscription id"] = new((s, u) => s.Subscriptions.ApplyChangeAsync(Change(u) with { SubscriptionId = "" }, Token), typeof(ArgumentException), "SubscriptionId", "empty"),
        ["Subscriptions.ApplyChange: event time not set"] = new((s, u) => s.Subscriptions.ApplyChangeAsync(Change(u) with { EventAt = default }, Token), typeof(ArgumentException), "EventAt", "time of the event"),
        ["Subscriptions.ApplyChange: plan id with a space"] = new((s, u) => s.Subscriptions.ApplyChangeAsync(Change(u) with { PlanId = "pro plan" }, Token), typeof(ArgumentException), "PlanId", "printable ASCII"),
        ["Subscriptions.ApplyChange: null change"] = new((s, u) => s.Subscriptions.ApplyChangeAsync(null!, Token), typeof(ArgumentNullException), "change", "change"),
        ["Subscriptions.List: empty user id"] = new((s, u) => s.Subscriptions.ListAsync("", Token), typeof(ArgumentException), "userId", "empty"),
        ["Subscriptions.GetActive: empty user id"] = new((s, u) => s.Subscriptions.GetActiveAsync("", Token), typeof(ArgumentException), "userId", "empty"),
        ["Subscriptions.FindByProviderSubscriptionId: empty id"] = new((s, u) => s.Subscriptions.FindByProviderSubscriptionIdAsync("stripe", "", Token), typeof(ArgumentException), "providerSubscriptionId", "empty"),
        ["Subscriptions.FindByProviderCustomerId: bad provider"] = new((s, u) => s.Subscriptions.FindByProviderCustomerIdAsync("stripe!", "cus_1", Token), typeof(ArgumentException), "paymentProvider", "lower-case"),

        // Payments
        ["Payments.Record: negative amount"] = new((s, u) => s.Payments.RecordAsync(Payment(u) with { Amount = new Money(-1, "EUR") }, cancellationToken: Token), typeof(ArgumentOutOfRangeException), "AmountMinor", "from 0"),
        ["Payments.Record: unknown currency"] = new((s, u) => s.Payments.RecordAsync(Payment(u) with { Amount = new Money(100, "XYZ") }, cancellationToken: Token), typeof(ArgumentException), "Currency", "ISO-4217"),
        ["Payments.Record: currency of four letters"] = new((s, u) => s.Payments.RecordAsync(Payment(u) with { Amount = new Money(100, "EURO") }, cancellationToken: Token), typeof(ArgumentException), "Currency", "ISO-4217"),
        ["Payments.Record: no amount"] = new((s, u) => s.Payments.RecordAsync(Payment(u) with { Amount = null! }, cancellationToken: Token), typeof(ArgumentNullException), "Amount", "required"),
        ["Payments.Record: undefined status"] = new((s, u) => s.Payments.RecordAsync(Payment(u) with { Status = (PaymentStatus)7 }, cancellationToken: Token), typeof(ArgumentOutOfRangeException), "Status", "defined PaymentStatus"),
        ["Payments.Record: empty checkout session"] = new((s, u) => s.Payments.RecordAsync(Payment(u) with { CheckoutSessionId = "" }, cancellationToken: Token), typeof(ArgumentException), "CheckoutSessionId", "empty"),
        ["Payments.Record: empty user id"] = new((s, u) => s.Payments.RecordAsync(Payment(u) with { UserId = "" }, cancellationToken: Token), typeof(ArgumentException), "UserId", "empty"),
        ["Payments.Record: subscription change of another user"] = new((s, u) => s.Payments.RecordAsync(Payment(u), Change(u) with { UserId = "someone-else" }, Token), typeof(ArgumentException), "subscriptionChange", "the account that paid"),
        ["Payments.Record: invalid subscription change"] = new((s, u) => s.Payments.RecordAsync(Payment(u), Change(u) with { Status = (SubscriptionStatus)99 }, Token), typeof(ArgumentOutOfRangeException), "Status", "defined SubscriptionStatus"),
        ["Payments.GetByCheckoutSession: empty session"] = new((s, u) => s.Payments.GetByCheckoutSessionAsync("stripe", "", Token), typeof(ArgumentException), "checkoutSessionId", "empty"),
        ["Payments.List: page size 0"] = new((s, u) => s.Payments.ListAsync(u.UserId, pageSize: 0, cancellationToken: Token), typeof(ArgumentOutOfRangeException), "pageSize", "from 1 to 1000"),
        ["Payments.List: malformed cursor"] = new((s, u) => s.Payments.ListAsync(u.UserId, cursor: "not-a-cursor", cancellationToken: Token), typeof(InvalidCursorException), "cursor", "not a cursor"),

        // Accounts
        ["Accounts.GetOverview: empty user id"] = new((s, u) => s.Accounts.GetOverviewAsync("", cancellationToken: Token), typeof(ArgumentException), "userId", "empty"),
        ["Accounts.GetOverview: negative payment count"] = new((s, u) => s.Accounts.GetOverviewAsync(u.UserId, latestPayments: -1, Token), typeof(ArgumentOutOfRangeException), "latestPayments", "from 0 to 100"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Call_WithBadInput_ThrowsNamingTheArgumentBeforeAnyRequestAndWritesNothing(string caseName)
    {
        // Given: a stored user to aim the calls at
        var cancellationToken = TestContext.Current.CancellationToken;
        var bad = Cases[caseName];
        await using var saas = SaasServices.Create(table);
        var id = Guid.NewGuid().ToString("N");
        var user = await saas.Users.CreateAsync(new NewUser { UserId = id, Email = $"valid.{id}@example.com" }, cancellationToken);
        var before = await TableContents.SnapshotAsync(table, cancellationToken);
        saas.Log.Clear();

        // When
        var error = await Assert.ThrowsAsync(bad.ExceptionType, () => bad.Call(saas, user));

        // Then: the exact type, the argument named, the rule stated, no request sent, nothing written
        var argumentError = Assert.IsAssignableFrom<ArgumentException>(error);
        Assert.Equal(bad.ParamName, argumentError.ParamName);
        Assert.Contains(bad.MessageFragment, error.Message, StringComparison.Ordinal);
        Assert.Empty(saas.Log.Operations);
        Assert.Equal(before, await TableContents.SnapshotAsync(table, cancellationToken));
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static SubscriptionChange Change(User user) => new()
    {
        UserId = user.UserId,
        SubscriptionId = "sub-1",
        PaymentProvider = "stripe",
        PlanId = "pro",
        Status = SubscriptionStatus.Active,
        EventAt = EventAt,
    };

    private static NewCheckoutPayment Payment(User user) => new()
    {
        PaymentProvider = "stripe",
        CheckoutSessionId = "cs_" + user.UserId,
        UserId = user.UserId,
        Amount = new Money(1000, "EUR"),
        Status = PaymentStatus.Paid,
    };

    private sealed record Case(Func<SaasServices, User, Task> Call, Type ExceptionType, string ParamName, string MessageFragment);
}
