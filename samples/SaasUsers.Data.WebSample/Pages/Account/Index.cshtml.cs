namespace SaasUsers.Data.WebSample.Pages.Account;

/// <summary>
/// The account page: the overview (user, subscriptions, latest payments: three reads at once), the user's
/// organizations, the activity log (written by the change feed) and the e-mails the sample would have sent.
/// </summary>
[Authorize]
public sealed class IndexModel(
    UserManager<SaasIdentityUser> identity,
    IAccountRepository accounts,
    IOrganizationRepository organizations,
    IActivityLog activity,
    SampleMailbox mailbox,
    CheckoutSimulator checkout) : PageModel
{
    public AccountOverview Overview { get; private set; } = null!;

    public IReadOnlyList<UserMembership> Organizations { get; private set; } = [];

    public IReadOnlyList<ActivityEntry> Activity { get; private set; } = [];

    public IReadOnlyList<SampleMail> Inbox { get; private set; } = [];

    /// <summary>What the webhook endpoint answered to the simulated checkout's events.</summary>
    public IReadOnlyList<SimulatedDelivery> Deliveries { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : Challenge();

    /// <summary>A personal checkout: Stripe's events for this user, signed and posted to the webhook endpoint.</summary>
    public async Task<IActionResult> OnPostCheckoutAsync(CancellationToken cancellationToken)
    {
        var userId = identity.GetUserId(User)!;
        Deliveries = await checkout.CheckoutAsync(WebhookUri(Request), BillingAccount.ForUser(userId), seats: 1, cancellationToken);
        return await LoadAsync(cancellationToken) ? Page() : Challenge();
    }

    /// <summary>This application's own webhook endpoint, as Stripe would call it.</summary>
    public static Uri WebhookUri(HttpRequest request) => new($"{request.Scheme}://{request.Host}{WebSampleApp.StripeWebhookPath}");

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var userId = identity.GetUserId(User)!;
        var overview = accounts.GetOverviewAsync(userId, latestPayments: 10, cancellationToken);
        var memberships = organizations.ListForUserAsync(userId, cancellationToken: cancellationToken);
        var log = activity.ListForUserAsync(userId, pageSize: 20, cancellationToken: cancellationToken);
        if (await overview is not { } found)
        {
            return false;
        }

        Overview = found;
        Organizations = (await memberships).Items;
        Activity = (await log).Items;
        Inbox = mailbox.For(found.User.Email);
        return true;
    }
}
