using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SaasUsers.Data;
using SaasUsers.Data.AotTests;
using SaasUsers.Data.Identity;
using SaasUsers.Data.Stripe;

// A Native AOT application of the package, end to end against DynamoDB Local (SaasUsers__ServiceUrl):
// configuration binding, options validation, DI, provisioning, generated mapping of the package's and the app's own
// entities, transactions, conditional writes, queries with signed cursors, and Identity's UserManager on the
// SaasUsers.Data.Identity stores with an API key, and a signed Stripe event verified and applied by
// SaasUsers.Data.Stripe. Exit code 0 only when every check holds.
var configuration = new ConfigurationBuilder()
    .AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["SaasUsers:TableName"] = "aot-" + Guid.NewGuid().ToString("N")[..8],
        ["SaasUsers:Region"] = "us-east-1",
        ["SaasUsers:CursorSigningKey"] = Convert.ToBase64String(new byte[32]),
    })
    .AddEnvironmentVariables()
    .Build();

var collection = new ServiceCollection()
    .AddSaasUsersTable(configuration.GetSection("SaasUsers"))
    .AddSaasUsersEntity<Workspace>()
    .AddSaasUsersStripe(o => o.WebhookSecrets.Add(StripeCheck.Secret))
    .AddLogging();
collection.AddIdentityCore<SaasIdentityUser>().AddSaasUsersStores();
var services = collection.BuildServiceProvider();
var checks = new Checks();
var provisioner = services.GetRequiredService<ITableProvisioner>();
var tableName = services.GetRequiredService<IEntityTable>().TableName;
try
{
    var ensured = await provisioner.EnsureTableAsync();
    checks.That("table created", ensured.Outcome == TableEnsureOutcome.Created);

    var users = services.GetRequiredService<IUserRepository>();
    var user = await users.CreateAsync(new NewUser { Email = "Ada@Example.com", DisplayName = "Ada" });
    checks.That("sign-up", user.Version == 1 && user.NormalizedEmail == "ada@example.com");
    checks.That("duplicate e-mail refused", await Throws<DuplicateEmailException>(() => users.CreateAsync(new NewUser { Email = "ADA@example.com" })));

    var updated = await users.UpdateProfileAsync(user with { DisplayName = "Ada Lovelace" });
    checks.That("profile update", updated.Version == 2 && updated.DisplayName == "Ada Lovelace");
    checks.That("stale version refused", await Throws<VersionConflictException>(() => users.UpdateProfileAsync(user with { DisplayName = "late" })));

    var subscriptions = services.GetRequiredService<ISubscriptionRepository>();
    var change = await subscriptions.ApplyChangeAsync(new SubscriptionChange
    {
        UserId = user.UserId,
        SubscriptionId = "sub_1",
        PaymentProvider = "stripe",
        PlanId = "pro",
        Status = SubscriptionStatus.Active,
        CurrentPeriodEnd = DateTimeOffset.UtcNow.AddDays(30),
        EventAt = DateTimeOffset.UtcNow,
    });
    checks.That("subscription webhook", change.Applied);

    var payments = services.GetRequiredService<ICheckoutPaymentRepository>();
    var checkout = new NewCheckoutPayment
    {
        PaymentProvider = "stripe",
        CheckoutSessionId = "cs_1",
        UserId = user.UserId,
        Amount = new Money(2900, "eur"),
        Status = PaymentStatus.Paid,
    };
    var first = await payments.RecordAsync(checkout);
    var replay = await payments.RecordAsync(checkout);
    checks.That("payment recorded once", first.Outcome == RecordPaymentOutcome.Recorded && replay.Outcome == RecordPaymentOutcome.AlreadyRecorded);

    var overview = await services.GetRequiredService<IAccountRepository>().GetOverviewAsync(user.UserId);
    checks.That("account overview", overview is { Subscriptions.Count: 1, LatestPayments.Count: 1, ActiveSubscription: not null });

    var table = services.GetRequiredService<IEntityTable>();
    await table.CreateAsync(new Workspace { OwnerUserId = user.UserId, WorkspaceId = "w1", Members = ["a", "b"], Seats = 3 });
    var workspace = await table.GetAsync<Workspace>(Workspace.CreateKey(user.UserId, "w1"), consistentRead: true);
    checks.That("own entity round trip", workspace is { Seats: 3, Members.Count: 2 });

    // BatchGetItem on the direct read path (on by default): typed (the user key is not a Workspace) and mixed.
    var batchKeys = new[] { Workspace.CreateKey(user.UserId, "w1"), Workspace.CreateKey(user.UserId, "none"), User.CreateKey(user.UserId) };
    var typedBatch = await table.BatchGetAsync<Workspace>(batchKeys, consistentRead: true);
    var mixedBatch = await table.BatchGetAsync(batchKeys, consistentRead: true);
    checks.That("batch get typed and mixed", typedBatch is [{ Seats: 3 }] && mixedBatch.Count == 2 && mixedBatch.OfType<User>().Single().DisplayName == "Ada Lovelace");

    var page = await payments.ListAsync(user.UserId, pageSize: 1);
    checks.That("signed cursor", page.Items.Count == 1);

    using (var scope = services.CreateScope())
    {
        var manager = scope.ServiceProvider.GetRequiredService<UserManager<SaasIdentityUser>>();
        var member = new SaasIdentityUser("grace") { Email = "grace@example.com" };
        checks.That("identity sign-up", (await manager.CreateAsync(member, "Passw0rd!")).Succeeded);
        var byName = await manager.FindByNameAsync("GRACE");
        checks.That("identity find by name and password", byName is not null && await manager.CheckPasswordAsync(byName, "Passw0rd!"));
        checks.That("identity duplicate e-mail refused", !(await manager.CreateAsync(new SaasIdentityUser("other") { Email = "GRACE@example.com" })).Succeeded);
        var keys = services.GetRequiredService<IApiKeyRepository>();
        var key = await keys.CreateAsync(member.Id, new NewApiKey { Name = "aot" });
        checks.That("api key verified", (await keys.VerifyAsync(key.Secret))?.KeyId == key.Key.KeyId);
        checks.That("identity delete", (await manager.DeleteAsync(byName!)).Succeeded && await manager.FindByEmailAsync("grace@example.com") is null);
    }

    // Stripe: a signed event verified with our own HMAC check, read with the source-generated models, and applied.
    var stripe = services.GetRequiredService<StripeWebhookProcessor>();
    var stripeEvent = StripeCheck.SubscriptionEvent("evt_aot_1", user.UserId, DateTimeOffset.UtcNow);
    var applied = await stripe.ProcessAsync(stripeEvent, StripeCheck.Sign(stripeEvent, StripeCheck.Secret));
    var again = await stripe.ProcessAsync(stripeEvent, StripeCheck.Sign(stripeEvent, StripeCheck.Secret));
    var forged = await stripe.ProcessAsync(StripeCheck.SubscriptionEvent("evt_aot_2", user.UserId, DateTimeOffset.UtcNow), StripeCheck.Sign(stripeEvent, "whsec_forger"));
    checks.That("stripe event applied", applied.Outcome == StripeWebhookOutcome.Applied
        && (await subscriptions.ListAsync(user.UserId)).Any(s => s.ProviderSubscriptionId == "sub_aot" && s.Status == SubscriptionStatus.PastDue && s.Price == new Money(900, "EUR")));
    checks.That("stripe duplicate", again.Outcome == StripeWebhookOutcome.Duplicate);
    checks.That("stripe forged refused", forged.Outcome == StripeWebhookOutcome.InvalidSignature);

    // Stripe for an organization: the subscription's metadata names it and its quantity becomes the seat count; its
    // one-off checkout (client reference org_...) is recorded in its collection and a partial refund marks it.
    var organizations = services.GetRequiredService<IOrganizationRepository>();
    var team = await organizations.CreateAsync(new NewOrganization { Slug = "aot-team", Name = "AOT team", OwnerUserId = user.UserId });
    var teamEvent = StripeCheck.SubscriptionEvent("evt_aot_org", "sub_aot_org", $$"""{"organization_id":"{{team.OrganizationId}}"}""", 4, DateTimeOffset.UtcNow);
    var teamApplied = await stripe.ProcessAsync(teamEvent, StripeCheck.Sign(teamEvent, StripeCheck.Secret));
    checks.That("stripe organization seats", teamApplied.Outcome == StripeWebhookOutcome.Applied
        && (await organizations.GetAsync(team.OrganizationId, consistentRead: true))?.SeatCount == 4);
    var teamCheckout = StripeCheck.CheckoutEvent("evt_aot_cs", "cs_aot_org", StripeClientReference.For(BillingAccount.ForOrganization(team.OrganizationId)), DateTimeOffset.UtcNow);
    var refund = StripeCheck.RefundEvent("evt_aot_refund", "cs_aot_org", 1500, DateTimeOffset.UtcNow);
    var paid = await stripe.ProcessAsync(teamCheckout, StripeCheck.Sign(teamCheckout, StripeCheck.Secret));
    var refunded = await stripe.ProcessAsync(refund, StripeCheck.Sign(refund, StripeCheck.Secret));
    var teamPayments = await services.GetRequiredService<ICheckoutPaymentRepository>().ListForAccountAsync(BillingAccount.ForOrganization(team.OrganizationId));
    checks.That("stripe organization payment refunded", paid.Outcome == StripeWebhookOutcome.Applied && refunded.Outcome == StripeWebhookOutcome.Applied
        && teamPayments.Items is [{ RefundState: PaymentRefundState.PartiallyRefunded, AmountRefundedMinor: 1500 }]);
    await organizations.DeleteAsync(team.OrganizationId);

    var deleted = await users.DeleteAsync(user.UserId);
    checks.That("user deleted with everything", deleted.UserFound && await users.GetAsync(user.UserId, consistentRead: true) is null);
}
finally
{
    await provisioner.DeleteTableAsync(tableName);
}

return checks.Report();

static async Task<bool> Throws<TException>(Func<Task> call)
    where TException : Exception
{
    try
    {
        await call();
        return false;
    }
    catch (TException)
    {
        return true;
    }
}
