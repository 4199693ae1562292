using SaasUsers.Data.Testing;
using SaasUsers.Data.Tests.SaasModel;
using Xunit;
using static SaasUsers.Data.Tests.Organizations.OrganizationTestData;

namespace SaasUsers.Data.Tests.Organizations;

/// <summary>An organization as a billing account: subscriptions, seats from the subscription, payments, lookups and the overview.</summary>
public sealed class OrganizationBillingTests(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ShuffledSubscriptionWebhooks_ForAnOrganization_EndInTheNewestStateAndItsSeats()
    {
        // Given an organization and eight events of its subscription, one a minute, each with more seats
        await using var saas = SaasServices.Create(table);
        var (_, organization) = await CreateOrganizationAsync(saas, 1, Token);
        var start = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var statuses = new[] { SubscriptionStatus.Incomplete, SubscriptionStatus.Trialing, SubscriptionStatus.Active, SubscriptionStatus.PastDue, SubscriptionStatus.Active, SubscriptionStatus.Active, SubscriptionStatus.Active, SubscriptionStatus.Active };
        var changes = statuses.Select((status, i) => new SubscriptionChange
        {
            OrganizationId = organization.OrganizationId,
            SubscriptionId = "sub-team",
            PaymentProvider = "stripe",
            PlanId = "team",
            Status = status,
            Seats = 3 + i,
            EventAt = start.AddMinutes(i),
        }).ToArray();

        // When they arrive shuffled, four at a time (each a transaction with the seats, then a GetItem when applied)
        saas.Log.Clear();
        var single = await saas.Subscriptions.ApplyChangeAsync(changes[0] with { EventAt = start.AddMinutes(-1) }, Token);
        Assert.Equal(["TransactWriteItems", "GetItem"], saas.Log.Operations);
        Assert.True(single.Applied);
        var shuffled = changes.OrderBy(_ => Random.Shared.Next()).ToArray();
        foreach (var chunk in shuffled.Chunk(4))
        {
            await Task.WhenAll(chunk.Select(c => Task.Run(() => saas.Subscriptions.ApplyChangeAsync(c, Token), Token)));
        }

        // Then the subscription holds the newest state and the organization its seats
        var subscription = Assert.Single(await saas.Subscriptions.ListForAccountAsync(BillingAccount.ForOrganization(organization.OrganizationId), Token));
        Assert.Equal((SubscriptionStatus.Active, 10, start.AddMinutes(7)), (subscription.Status, subscription.Seats, subscription.LastEventAt));
        Assert.Equal((organization.OrganizationId, (string?)null), (subscription.OrganizationId, subscription.UserId));
        Assert.Equal(10, (await saas.Organizations.GetAsync(organization.OrganizationId, true, Token))!.SeatCount);
    }

    [Fact]
    public async Task SubscriptionsAndPayments_LiveInTheOrganizationsCollection_AndTheOverviewReadsThemWithMembersInFourReads()
    {
        // Given an organization with a member, a subscription and three payments
        await using var saas = SaasServices.Create(table);
        var (owner, organization) = await CreateOrganizationAsync(saas, 5, Token);
        var member = await saas.SignUpAsync(NewId("member"), Token);
        await saas.Organizations.AddMemberAsync(organization.OrganizationId, member.UserId, OrganizationRoles.Member, Token);
        var change = new SubscriptionChange { OrganizationId = organization.OrganizationId, SubscriptionId = "sub-o", PaymentProvider = "stripe", PlanId = "team", Status = SubscriptionStatus.Active, EventAt = DateTimeOffset.UtcNow, CurrentPeriodEnd = DateTimeOffset.UtcNow.AddDays(30), Seats = 5 };
        for (var i = 0; i < 3; i++)
        {
            var recorded = await saas.Payments.RecordAsync(new NewCheckoutPayment { OrganizationId = organization.OrganizationId, PaymentProvider = "stripe", CheckoutSessionId = NewId("cs" + i), Amount = new Money(9900, "EUR"), Status = PaymentStatus.Paid }, i == 0 ? change : null, Token);
            Assert.Equal(RecordPaymentOutcome.Recorded, recorded.Outcome);
        }

        var keys = await TableContents.KeysAsync(table, Token);
        Assert.Contains($"ORG#{organization.OrganizationId} | SUB#sub-o", keys);
        Assert.Equal(3, keys.Count(k => k.StartsWith($"ORG#{organization.OrganizationId} | PAY#", StringComparison.Ordinal)));

        // When the overview is read
        saas.Log.Clear();
        var overview = await saas.Organizations.GetOverviewAsync(organization.OrganizationId, members: 10, latestPayments: 2, Token);

        // Then four reads sent at once gave the organization, its members, its subscription and the two newest payments
        Assert.Equal(["GetItem", "Query", "Query", "Query"], saas.Log.Operations.Order(StringComparer.Ordinal));
        Assert.NotNull(overview);
        Assert.Equal(new[] { owner.UserId, member.UserId }.Order(StringComparer.Ordinal), overview.Members.Select(m => m.UserId));
        Assert.Equal("sub-o", overview.ActiveSubscription?.SubscriptionId);
        Assert.Equal(2, overview.LatestPayments.Count);
        Assert.True(overview.HasMorePayments);
        Assert.All(overview.LatestPayments, p => Assert.Equal(organization.OrganizationId, p.OrganizationId));
        Assert.Equal(3, (await saas.Payments.ListForAccountAsync(BillingAccount.ForOrganization(organization.OrganizationId), 10, null, Token)).Items.Count);
    }

    [Fact]
    public async Task ProviderCustomerLookup_FindsTheOrganizationAndItsSubscriptions()
    {
        await using var saas = SaasServices.Create(table);
        var (_, organization) = await CreateOrganizationAsync(saas, 2, Token);
        var customerId = NewId("cus");
        await saas.Organizations.LinkPaymentCustomerAsync(organization.OrganizationId, "stripe", customerId, Token);
        await saas.Subscriptions.ApplyChangeAsync(new SubscriptionChange { OrganizationId = organization.OrganizationId, SubscriptionId = "sub-c", PaymentProvider = "stripe", PlanId = "team", Status = SubscriptionStatus.Active, EventAt = DateTimeOffset.UtcNow, ProviderCustomerId = customerId, ProviderSubscriptionId = "psub-" + customerId }, Token);

        var account = await saas.Subscriptions.FindByProviderCustomerIdAsync("stripe", customerId, Token);
        var bySubscription = await saas.Subscriptions.FindByProviderSubscriptionIdAsync("stripe", "psub-" + customerId, Token);

        Assert.NotNull(account);
        Assert.Equal(BillingAccount.ForOrganization(organization.OrganizationId), account.Account);
        Assert.Null(account.User);
        Assert.Equal(organization.OrganizationId, account.Organization?.OrganizationId);
        Assert.Equal("sub-c", Assert.Single(account.Subscriptions).SubscriptionId);
        Assert.Equal(BillingAccount.ForOrganization(organization.OrganizationId), bySubscription?.Account);
    }

    [Fact]
    public async Task BillingWrites_ForAMissingOrganization_AreRefusedAndWriteNothing()
    {
        await using var saas = SaasServices.Create(table);
        var before = await TableContents.SnapshotAsync(table, Token);

        var result = await saas.Subscriptions.ApplyChangeAsync(new SubscriptionChange { OrganizationId = NewId("ghost"), SubscriptionId = "sub-x", PaymentProvider = "stripe", PlanId = "team", Status = SubscriptionStatus.Active, EventAt = DateTimeOffset.UtcNow, Seats = 3 }, Token);
        await Assert.ThrowsAsync<ItemNotFoundException>(() => saas.Payments.RecordAsync(new NewCheckoutPayment { OrganizationId = NewId("ghost"), PaymentProvider = "stripe", CheckoutSessionId = NewId("cs"), Amount = new Money(100, "EUR"), Status = PaymentStatus.Paid }, cancellationToken: Token));

        Assert.Equal(SubscriptionChangeOutcome.SkippedAccountNotFound, result.Outcome);
        Assert.Equal(before, await TableContents.SnapshotAsync(table, Token));
    }

    [Fact]
    public async Task BillingInput_NamingNoAccountOrBoth_IsRefusedByName()
    {
        await using var saas = SaasServices.Create(table);
        var none = await Assert.ThrowsAsync<ArgumentException>(() => saas.Subscriptions.ApplyChangeAsync(new SubscriptionChange { SubscriptionId = "s", PaymentProvider = "stripe", PlanId = "p", Status = SubscriptionStatus.Active, EventAt = DateTimeOffset.UtcNow }, Token));
        var both = await Assert.ThrowsAsync<ArgumentException>(() => saas.Payments.RecordAsync(new NewCheckoutPayment { UserId = "u", OrganizationId = "o", PaymentProvider = "stripe", CheckoutSessionId = "cs", Amount = new Money(1, "EUR"), Status = PaymentStatus.Paid }, cancellationToken: Token));
        var seats = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => saas.Subscriptions.ApplyChangeAsync(new SubscriptionChange { OrganizationId = "o", SubscriptionId = "s", PaymentProvider = "stripe", PlanId = "p", Status = SubscriptionStatus.Active, EventAt = DateTimeOffset.UtcNow, Seats = -1 }, Token));

        Assert.Equal(("UserId", "OrganizationId", "Seats"), (none.ParamName, both.ParamName, seats.ParamName));
        Assert.Empty(saas.Log.Operations);
    }
}
