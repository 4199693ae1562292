using System.Security.Cryptography;
using Spectre.Console;

namespace SaasUsers.Data.Sample.Commands;

/// <summary>
/// <c>demo</c>: what a SaaS backend does for a new customer, step by step: sign-up, the payment provider's
/// webhooks (subscription started, checkout completed, the same checkout delivered again), and the account page.
/// </summary>
internal sealed class DemoCommand(
    ITableProvisioner provisioner,
    IUserRepository users,
    ISubscriptionRepository subscriptions,
    ICheckoutPaymentRepository payments,
    IAccountRepository accounts,
    TimeProvider clock)
{
    private const string Provider = "stripe";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await EnsureCommand.EnsureAsync(provisioner, cancellationToken);

        // Unique per run, so the demo also works again and again against a table that keeps its data.
        var run = Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
        var now = clock.GetUtcNow();

        // 1. Sign-up: one transaction writes the user and claims the e-mail address.
        var user = await users.CreateAsync(
            new NewUser { Email = $"Ada.Lovelace+{run}@example.com", DisplayName = "Ada Lovelace" }, cancellationToken);
        Step("Signed up", $"{user.Email} (version {user.Version})");

        // 2. The provider created a customer for the checkout: link it, so its webhooks find the user (GSI2).
        user = await users.LinkPaymentCustomerAsync(user.UserId, Provider, $"cus_{run}", cancellationToken);
        Step("Linked customer", $"{Provider} {user.ProviderCustomerId}");

        // 3. Webhook "customer.subscription.created": a conditional upsert, ordered by the event's time.
        var started = new SubscriptionChange
        {
            UserId = user.UserId,
            SubscriptionId = $"sub_{run}",
            PaymentProvider = Provider,
            PlanId = "pro",
            PriceId = "price_pro_monthly",
            Status = SubscriptionStatus.Active,
            CurrentPeriodEnd = now.AddMonths(1),
            ProviderSubscriptionId = $"sub_{run}",
            ProviderCustomerId = user.ProviderCustomerId,
            EventAt = now,
        };
        var applied = await subscriptions.ApplyChangeAsync(started, cancellationToken);
        Step("Subscription webhook", $"{applied.Subscription?.PlanId} {applied.Subscription?.Status}: {applied.Outcome}");

        // An older event arriving late (providers do not deliver in order) changes nothing.
        var late = await subscriptions.ApplyChangeAsync(started with { Status = SubscriptionStatus.Incomplete, EventAt = now.AddMinutes(-1) }, cancellationToken);
        Step("Older event, late", $"{late.Outcome} (still {late.Subscription?.Status})");

        // 4. Webhook "checkout.session.completed": recorded once, in one transaction with its idempotency record.
        var checkout = new NewCheckoutPayment
        {
            PaymentProvider = Provider,
            CheckoutSessionId = $"cs_{run}",
            UserId = user.UserId,
            Amount = new Money(2900, "EUR"),
            Status = PaymentStatus.Paid,
            ProviderPaymentId = $"pi_{run}",
            SubscriptionId = started.SubscriptionId,
        };
        var recorded = await payments.RecordAsync(checkout, cancellationToken: cancellationToken);
        Step("Checkout webhook", $"{recorded.Payment.Amount} {recorded.Payment.Status}: {recorded.Outcome}");

        // 5. The provider delivers the same event again: the stored payment comes back, nothing is written twice.
        var replayed = await payments.RecordAsync(checkout, cancellationToken: cancellationToken);
        Step("Same webhook again", $"{replayed.Outcome}: the first payment, none added");

        // 6. The account page: user, subscriptions and latest payments in one query.
        var overview = await accounts.GetOverviewAsync(user.UserId, cancellationToken: cancellationToken)
            ?? throw new InvalidOperationException($"User {user.UserId} was just created but is not found.");
        AnsiConsole.WriteLine();
        AccountOverviewView.Write(overview);
        return replayed.Outcome == RecordPaymentOutcome.AlreadyRecorded ? 0 : 1;
    }

    /// <summary>Prints one step of a demo and its result.</summary>
    internal static void Step(string what, string result) =>
        AnsiConsole.MarkupLineInterpolated($"[green]✓[/] {what,-21} {result}");
}
