using SaasUsers.Data.Stripe.Tests.Support;

namespace SaasUsers.Data.Stripe.Tests;

/// <summary>
/// Stripe events of an organization's account (a team that pays for seats) against DynamoDB Local: the lifecycle in
/// any order, seats from the subscription's quantity, exactly-once effect, customer links and orphans.
/// </summary>
public sealed class OrganizationWebhookTests(StripeTableFixture table) : IClassFixture<StripeTableFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Run() => Guid.NewGuid().ToString("N")[..10];

    /// <summary>
    /// checkout (client reference <c>org_...</c>) → subscription created (3 seats, incomplete) → invoice paid → updated
    /// (active, 5 seats) → updated (active, 8 seats) → payment failed → updated (past due) → deleted. The subscription's
    /// metadata names the organization and the user who bought: the organization is the account.
    /// </summary>
    internal static List<string> Lifecycle(string organizationId, string buyerId, string run)
    {
        var t = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120);
        var (subscription, customer) = ("sub_" + run, "cus_" + run);
        var periodEnd = t.AddDays(30);
        var reference = StripeClientReference.For(BillingAccount.ForOrganization(organizationId));
        global::Stripe.Subscription Team(string status, long seats, DateTimeOffset end) =>
            StripeEvents.Subscription(subscription, status, customer, buyerId, end, unitAmount: 1200, organizationId: organizationId, quantity: seats);
        return
        [
            Webhook.Json("evt_1_" + run, "checkout.session.completed", t, StripeEvents.Checkout("cs_" + run, "subscription", reference, customer, "paid", subscriptionId: subscription)),
            Webhook.Json("evt_2_" + run, "customer.subscription.created", t, Team("incomplete", 3, periodEnd)),
            Webhook.Json("evt_3_" + run, "invoice.paid", t.AddSeconds(1), StripeEvents.Invoice("in_1_" + run, subscription, customer, 3600, "paid", buyerId, organizationId)),
            Webhook.Json("evt_4_" + run, "customer.subscription.updated", t.AddSeconds(1), Team("active", 5, periodEnd)),
            Webhook.Json("evt_5_" + run, "customer.subscription.updated", t.AddSeconds(2), Team("active", 8, periodEnd)),
            Webhook.Json("evt_6_" + run, "invoice.payment_failed", t.AddSeconds(3), StripeEvents.Invoice("in_2_" + run, subscription, customer, 9600, "open", buyerId, organizationId)),
            Webhook.Json("evt_7_" + run, "customer.subscription.updated", t.AddSeconds(3), Team("past_due", 8, periodEnd.AddDays(30))),
            Webhook.Json("evt_8_" + run, "customer.subscription.deleted", t.AddSeconds(4), Team("canceled", 8, periodEnd.AddDays(30))),
        ];
    }

    [Theory]
    [MemberData(nameof(LifecycleTests.Orders), MemberType = typeof(LifecycleTests))]
    public async Task OrganizationLifecycle_InAnyOrder_EndsInTheNewestStateWithItsSeats(string order, int seed)
    {
        await using var services = table.CreateStripeServices();
        var webhook = new Webhook(services);

        // Given the state the lifecycle leaves when delivered in order (the reference)
        var reference = await RunAsync(webhook, events => events);

        // When the same lifecycle (a new organization and new ids) is delivered in another order
        var state = await RunAsync(webhook, events => events.InOrder(seed));

        // Then both end in the same state: canceled as the newest event says, with its 8 seats on the subscription and
        // the organization, both invoices in the organization's collection, the customer linked, nothing under the buyer
        Assert.Equal(reference, state);
        Assert.StartsWith("Canceled|8 seats|prod_pro|12.00 EUR|", state.Subscription, StringComparison.Ordinal);
        Assert.Equal("seats 8, members 1, customer cus_", state.Organization);
        Assert.Equal("in_1:Paid:36.00 EUR, in_2:Unpaid:96.00 EUR", state.Payments);
        Assert.Equal("8 records, all of the organization", state.Records);
        Assert.Equal("MEMBERSHIP#, USER", state.BuyerItems);
        _ = order;
    }

    private async Task<LifecycleState> RunAsync(Webhook webhook, Func<List<string>, List<string>> order)
    {
        var (owner, organization) = await webhook.CreateOrganizationAsync(1, Cancel);
        var account = BillingAccount.ForOrganization(organization.OrganizationId);
        var run = Run();
        foreach (var json in order(Lifecycle(organization.OrganizationId, owner.UserId, run)))
        {
            var result = await webhook.DeliverAsync(json, Cancel);
            Assert.True(result.Outcome is StripeWebhookOutcome.Applied or StripeWebhookOutcome.NoChange, $"{result.EventType}: {result.Outcome} ({result.Detail})");
        }

        var subscription = Assert.Single(await webhook.Subscriptions.ListForAccountAsync(account, Cancel));
        var payments = await webhook.Payments.ListForAccountAsync(account, 100, null, Cancel);
        var stored = await webhook.Organizations.GetAsync(organization.OrganizationId, consistentRead: true, Cancel);
        var records = new List<StripeEventRecordView?>();
        for (var i = 1; i <= 8; i++)
        {
            records.Add(await webhook.RecordOfAsync($"evt_{i}_{run}", Cancel));
        }

        var keys = await table.KeysAsync(Cancel);
        return new LifecycleState(
            string.Join('|', subscription.Status, subscription.Seats + " seats", subscription.PlanId, subscription.Price, subscription.PriceInterval,
                "period end " + (subscription.CurrentPeriodEnd - subscription.LastEventAt)?.TotalDays + " days after the last event",
                subscription.OrganizationId == organization.OrganizationId && subscription.UserId is null ? "organization's" : "NOT the organization's"),
            $"seats {stored?.SeatCount}, members {stored?.MemberCount}, customer {stored?.ProviderCustomerId?.Replace(run, "", StringComparison.Ordinal)}",
            string.Join(", ", payments.Items.OrderBy(p => p.CheckoutSessionId, StringComparer.Ordinal)
                .Select(p => $"{p.CheckoutSessionId.Replace("_" + run, "", StringComparison.Ordinal)}:{p.Status}:{p.Amount}")),
            $"{records.Count(r => r is not null)} records, " + (records.All(r => r?.Account == account) ? "all of the organization" : "NOT all of the organization"),
            string.Join(", ", keys.Where(k => k.StartsWith($"USER#{owner.UserId} | ", StringComparison.Ordinal)).Select(k => SortKeyPrefix(k.Split(" | ")[1]))));
    }

    /// <summary>"MEMBERSHIP#org-1" is "MEMBERSHIP#"; "USER" is "USER".</summary>
    private static string SortKeyPrefix(string sortKey) => sortKey.Contains('#', StringComparison.Ordinal) ? sortKey[..(sortKey.IndexOf('#', StringComparison.Ordinal) + 1)] : sortKey;

    private sealed record LifecycleState(string Subscription, string Organization, string Payments, string Records, string BuyerItems);

    [Fact]
    public async Task SeatsFollowTheQuantity_AndADecreaseBelowTheMembers_RemovesNobodyButRefusesJoinsUntilTheyFit()
    {
        // Given an organization whose subscription pays for 3 seats, all taken (the owner and two members)
        await using var services = table.CreateStripeServices();
        var webhook = new Webhook(services);
        var (owner, organization) = await webhook.CreateOrganizationAsync(1, Cancel);
        var id = organization.OrganizationId;
        var run = Run();
        var t = DateTimeOffset.UtcNow.AddSeconds(-60);
        Task<StripeWebhookResult> Quantity(int n, long seats) => webhook.DeliverAsync($"evt_{n}_{run}", "customer.subscription.updated", t.AddSeconds(n),
            StripeEvents.Subscription("sub_" + run, "active", "cus_" + run, null, t.AddDays(30), organizationId: id, quantity: seats), Cancel);
        Assert.Equal(StripeWebhookOutcome.Applied, (await Quantity(1, 3)).Outcome);
        var members = new List<User>();
        for (var i = 0; i < 2; i++)
        {
            members.Add(await webhook.SignUpAsync(Cancel));
            await webhook.Organizations.AddMemberAsync(id, members[i].UserId, OrganizationRoles.Member, Cancel);
        }

        var newcomer = await webhook.SignUpAsync(Cancel);
        await Assert.ThrowsAsync<OrganizationSeatLimitException>(() => webhook.Organizations.AddMemberAsync(id, newcomer.UserId, OrganizationRoles.Member, Cancel));

        // When the subscription goes down to 2 seats
        Assert.Equal(StripeWebhookOutcome.Applied, (await Quantity(2, 2)).Outcome);

        // Then nobody is removed: 3 members on 2 seats, none left, and a join (direct or by invitation) is refused
        var stored = await webhook.Organizations.GetAsync(id, consistentRead: true, Cancel);
        Assert.Equal((2, 3, 0), (stored!.SeatCount, stored.MemberCount, stored.SeatsLeft));
        Assert.Equal(3, (await webhook.Organizations.ListMembersAsync(id, 10, null, Cancel)).Items.Count);
        var invitation = await webhook.Invitations.InviteAsync(new NewInvitation { OrganizationId = id, Email = newcomer.Email, InvitedByUserId = owner.UserId }, Cancel);
        await Assert.ThrowsAsync<OrganizationSeatLimitException>(() => webhook.Invitations.AcceptAsync(invitation.Token, newcomer.UserId, Cancel));

        // When one member leaves, the members fit the seats exactly: still no join
        await webhook.Organizations.LeaveAsync(id, members[0].UserId, Cancel);
        await Assert.ThrowsAsync<OrganizationSeatLimitException>(() => webhook.Invitations.AcceptAsync(invitation.Token, newcomer.UserId, Cancel));

        // When a second one leaves, a seat is free and the invitation is accepted
        await webhook.Organizations.LeaveAsync(id, members[1].UserId, Cancel);
        await webhook.Invitations.AcceptAsync(invitation.Token, newcomer.UserId, Cancel);
        stored = await webhook.Organizations.GetAsync(id, consistentRead: true, Cancel);
        Assert.Equal((2, 2), (stored!.SeatCount, stored.MemberCount));

        // And an older event with another quantity, delivered late, changes no seat
        Assert.Equal(StripeWebhookOutcome.NoChange, (await webhook.DeliverAsync($"evt_0_{run}", "customer.subscription.updated", t,
            StripeEvents.Subscription("sub_" + run, "active", "cus_" + run, null, t.AddDays(30), organizationId: id, quantity: 50), Cancel)).Outcome);
        Assert.Equal(2, (await webhook.Organizations.GetAsync(id, consistentRead: true, Cancel))!.SeatCount);
    }

    [Fact]
    public async Task TheSameOrganizationEvent_Delivered20TimesConcurrently_HasOneEffect()
    {
        await using var services = table.CreateStripeServices();
        var webhook = new Webhook(services);
        var (_, organization) = await webhook.CreateOrganizationAsync(1, Cancel);
        var run = Run();
        var json = Webhook.Json("evt_" + run, "customer.subscription.created", DateTimeOffset.UtcNow.AddSeconds(-5),
            StripeEvents.Subscription("sub_" + run, "active", "cus_" + run, null, DateTimeOffset.UtcNow.AddDays(30), organizationId: organization.OrganizationId, quantity: 7));

        var results = await webhook.DeliverAtOnceAsync(Enumerable.Repeat(json, 20), Cancel);

        Assert.Single(results, r => r.Outcome == StripeWebhookOutcome.Applied);
        Assert.Equal(19, results.Count(r => r.Outcome == StripeWebhookOutcome.Duplicate));
        var subscription = Assert.Single(await webhook.Subscriptions.ListForAccountAsync(BillingAccount.ForOrganization(organization.OrganizationId), Cancel));
        Assert.Equal((1L, 7), (subscription.Version, subscription.Seats));
        var stored = await webhook.Organizations.GetAsync(organization.OrganizationId, consistentRead: true, Cancel);
        Assert.Equal((7, organization.Version + 1), (stored!.SeatCount, stored.Version));
    }

    [Fact]
    public async Task ACustomerEvent_LinksTheOrganization_SoLaterEventsWithoutMetadataFindIt()
    {
        // Given a customer.created whose metadata names the organization (and the user who created it)
        await using var services = table.CreateStripeServices();
        var webhook = new Webhook(services);
        var (owner, organization) = await webhook.CreateOrganizationAsync(1, Cancel);
        var run = Run();
        var linked = await webhook.DeliverAsync("evt_c_" + run, "customer.created", DateTimeOffset.UtcNow.AddSeconds(-10), StripeEvents.Customer("cus_" + run, owner.UserId, organization.OrganizationId), Cancel);

        // When the subscription and its invoice arrive without any metadata
        var subscribed = await webhook.DeliverAsync("evt_s_" + run, "customer.subscription.created", DateTimeOffset.UtcNow.AddSeconds(-9),
            StripeEvents.Subscription("sub_" + run, "active", "cus_" + run, null, DateTimeOffset.UtcNow.AddDays(30), quantity: 4), Cancel);
        var invoiced = await webhook.DeliverAsync("evt_i_" + run, "invoice.paid", DateTimeOffset.UtcNow.AddSeconds(-8), StripeEvents.Invoice("in_" + run, "sub_" + run, "cus_" + run, 4800, "paid"), Cancel);

        // Then the customer is the organization's, and both found it: by the customer link, then by the stored subscription
        Assert.Equal((StripeWebhookOutcome.Applied, StripeWebhookOutcome.Applied, StripeWebhookOutcome.Applied), (linked.Outcome, subscribed.Outcome, invoiced.Outcome));
        var customer = await webhook.Subscriptions.FindByProviderCustomerIdAsync("stripe", "cus_" + run, Cancel);
        Assert.Equal(BillingAccount.ForOrganization(organization.OrganizationId), customer?.Account);
        Assert.Equal(4, customer?.Organization?.SeatCount);
        Assert.Equal("sub_" + run, Assert.Single(customer!.Subscriptions).SubscriptionId);
        var payment = Assert.Single((await webhook.Payments.ListForAccountAsync(BillingAccount.ForOrganization(organization.OrganizationId), 10, null, Cancel)).Items);
        Assert.Equal(("in_" + run, PaymentStatus.Paid, "sub_" + run), (payment.CheckoutSessionId, payment.Status, payment.SubscriptionId));
        Assert.Null((await webhook.Users.GetAsync(owner.UserId, consistentRead: true, Cancel))?.ProviderCustomerId);
    }

    [Theory]
    [InlineData("client reference")]
    [InlineData("metadata")]
    public async Task APaymentCheckout_ForAnOrganization_IsRecordedInItsCollection_AndSettledLater(string naming)
    {
        await using var services = table.CreateStripeServices();
        var webhook = new Webhook(services);
        var (owner, organization) = await webhook.CreateOrganizationAsync(1, Cancel);
        var run = Run();
        var (reference, metadata) = naming == "metadata"
            ? (owner.UserId, StripeEvents.Metadata(owner.UserId, organization.OrganizationId))
            : (StripeClientReference.For(BillingAccount.ForOrganization(organization.OrganizationId)), null);
        var pending = await webhook.DeliverAsync("evt_1_" + run, "checkout.session.completed", DateTimeOffset.UtcNow.AddSeconds(-10),
            StripeEvents.Checkout("cs_" + run, "payment", reference, null, "unpaid", amountTotal: 50000, metadata: metadata), Cancel);
        var settled = await webhook.DeliverAsync("evt_2_" + run, "checkout.session.async_payment_succeeded", DateTimeOffset.UtcNow.AddSeconds(-5),
            StripeEvents.Checkout("cs_" + run, "payment", reference, null, "paid", amountTotal: 50000, metadata: metadata), Cancel);

        Assert.Equal((StripeWebhookOutcome.Applied, StripeWebhookOutcome.Applied), (pending.Outcome, settled.Outcome));
        var payment = Assert.Single((await webhook.Payments.ListForAccountAsync(BillingAccount.ForOrganization(organization.OrganizationId), 10, null, Cancel)).Items);
        Assert.Equal((PaymentStatus.Paid, new Money(50000, "EUR"), organization.OrganizationId), (payment.Status, payment.Amount, payment.OrganizationId));
        Assert.Empty((await webhook.Payments.ListAsync(owner.UserId, 10, null, Cancel)).Items);
    }

    [Fact]
    public async Task EventsForADeletedOrganization_AreOrphaned_AndWriteNothingUnderIt()
    {
        // Given an organization linked to its Stripe customer, then deleted
        await using var services = table.CreateStripeServices();
        var webhook = new Webhook(services);
        var (owner, organization) = await webhook.CreateOrganizationAsync(1, Cancel);
        var id = organization.OrganizationId;
        var run = Run();
        await webhook.Organizations.LinkPaymentCustomerAsync(id, "stripe", "cus_" + run, Cancel);
        await webhook.Organizations.DeleteAsync(id, Cancel);

        // When each kind of event arrives for it, named by metadata, client reference or customer
        var t = DateTimeOffset.UtcNow;
        var results = new[]
        {
            await webhook.DeliverAsync("evt_s_" + run, "customer.subscription.created", t, StripeEvents.Subscription("sub_" + run, "active", "cus_" + run, null, t.AddDays(30), organizationId: id, quantity: 5), Cancel),
            await webhook.DeliverAsync("evt_p_" + run, "checkout.session.completed", t, StripeEvents.Checkout("cs_" + run, "payment", StripeClientReference.For(BillingAccount.ForOrganization(id)), null, "paid"), Cancel),
            await webhook.DeliverAsync("evt_i_" + run, "invoice.paid", t, StripeEvents.Invoice("in_" + run, "sub_" + run, "cus_" + run, 2900, "paid", null, id), Cancel),
            await webhook.DeliverAsync("evt_c_" + run, "customer.updated", t, StripeEvents.Customer("cus_" + run, null, id), Cancel),
            await webhook.DeliverAsync("evt_k_" + run, "checkout.session.completed", t, StripeEvents.Checkout("cs_k" + run, "subscription", StripeClientReference.For(BillingAccount.ForOrganization(id)), "cus_" + run, "paid", subscriptionId: "sub_" + run), Cancel),
        };

        // Then each is acknowledged and recorded as orphaned for the organization, and its partition stays empty
        Assert.All(results, r => Assert.Equal((StripeWebhookOutcome.Orphaned, true), (r.Outcome, r.Acknowledged)));
        Assert.DoesNotContain(await table.KeysAsync(Cancel), k => k.StartsWith($"ORG#{id} | ", StringComparison.Ordinal) || (k.Contains("_" + run, StringComparison.Ordinal) && !k.StartsWith("STRIPEEVENT#", StringComparison.Ordinal)));
        foreach (var eventId in new[] { "evt_s_", "evt_p_", "evt_i_", "evt_c_", "evt_k_" })
        {
            var record = await webhook.RecordOfAsync(eventId + run, Cancel);
            Assert.Equal((StripeWebhookOutcome.Orphaned, BillingAccount.ForOrganization(id)), (record?.Outcome, record?.Account));
        }

        Assert.NotNull(await webhook.Users.GetAsync(owner.UserId, consistentRead: true, Cancel));
    }
}
