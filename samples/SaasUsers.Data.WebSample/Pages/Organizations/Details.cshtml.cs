using System.ComponentModel.DataAnnotations;

namespace SaasUsers.Data.WebSample.Pages.Organizations;

/// <summary>
/// One organization, for its members: the overview (organization with its seats, members, subscriptions, latest
/// payments: four reads at once), the members' addresses (one batch read), pending invitations, the activity log,
/// the invitation form and the team checkout.
/// </summary>
[Authorize]
public sealed class DetailsModel(
    UserManager<SaasIdentityUser> identity,
    IOrganizationRepository organizations,
    IInvitationRepository invitations,
    IEntityTable table,
    IActivityLog activity,
    SampleMailbox mailbox,
    CheckoutSimulator checkout) : PageModel
{
    /// <summary>The seats the simulated team checkout buys.</summary>
    public const int TeamSeats = 5;

    [BindProperty]
    public InviteInput Input { get; set; } = new();

    public OrganizationOverview Overview { get; private set; } = null!;

    /// <summary>Whether the signed-in member is an owner or an admin: who may buy the team plan (the application's rule).</summary>
    public bool CanManage { get; private set; }

    public IReadOnlyDictionary<string, string> Emails { get; private set; } = new Dictionary<string, string>();

    public IReadOnlyList<OrganizationInvitation> Pending { get; private set; } = [];

    public IReadOnlyList<ActivityEntry> Activity { get; private set; } = [];

    public SampleMail? Sent { get; private set; }

    public IReadOnlyList<SimulatedDelivery> Deliveries { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    /// <summary>Invites an address (one transaction); the token is in the e-mail only, the table keeps its hash.</summary>
    public async Task<IActionResult> OnPostInviteAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            var invited = await invitations.InviteAsync(
                new NewInvitation { OrganizationId = id, Email = Input.Email, InvitedByUserId = identity.GetUserId(User)! },
                cancellationToken);
            var link = Url.Page("/Invitations/Accept", pageHandler: null, values: new { token = invited.Token }, protocol: Request.Scheme)!;
            mailbox.Send(invited.Invitation.Email, $"Join {Overview.Organization.Name}", $"You are invited to {Overview.Organization.Name} as {invited.Invitation.Role}. Sign in with this address and accept.", link);
            Sent = mailbox.For(invited.Invitation.Email)[0];
            Input = new InviteInput();
            ModelState.Clear();
        }
        catch (ArgumentException invalid) when (invalid.ParamName is { } name && name.Contains("Email", StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError("Input.Email", IndexModel.WithoutParameter(invalid));
        }

        await LoadAsync(id, cancellationToken);
        return Page();
    }

    /// <summary>A team checkout: Stripe's events for this organization (<see cref="TeamSeats"/> seats), signed and posted to the webhook endpoint.</summary>
    public async Task<IActionResult> OnPostCheckoutAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (!CanManage)
        {
            return Forbid();
        }

        Deliveries = await checkout.CheckoutAsync(Account.IndexModel.WebhookUri(Request), BillingAccount.ForOrganization(id), TeamSeats, cancellationToken);
        await LoadAsync(id, cancellationToken);
        return Page();
    }

    /// <summary>False when the organization does not exist or the signed-in user is not a member (both answer 404).</summary>
    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        var userId = identity.GetUserId(User)!;
        if (await organizations.GetMemberAsync(id, userId, cancellationToken) is not { } me
            || await organizations.GetOverviewAsync(id, members: 50, latestPayments: 10, cancellationToken) is not { } overview)
        {
            return false;
        }

        Overview = overview;
        CanManage = me.Role is OrganizationRoles.Owner or OrganizationRoles.Admin;
        var users = table.BatchGetAsync<SaasUsers.Data.User>(overview.Members.Select(m => SaasUsers.Data.User.CreateKey(m.UserId)), cancellationToken: cancellationToken);
        var pending = invitations.ListPendingAsync(id, cancellationToken: cancellationToken);
        var log = activity.ListForOrganizationAsync(id, pageSize: 20, cancellationToken: cancellationToken);
        Emails = (await users).ToDictionary(u => u.UserId, u => u.Email);
        Pending = (await pending).Items;
        Activity = (await log).Items;
        return true;
    }
}

/// <summary>The invitation form.</summary>
public sealed class InviteInput
{
    [Required, EmailAddress]
    [Display(Name = "E-mail")]
    public string Email { get; set; } = "";
}
