using System.Security.Cryptography;
using Spectre.Console;
using static SaasUsers.Data.Sample.Commands.DemoCommand;

namespace SaasUsers.Data.Sample.Commands;

/// <summary>
/// <c>org</c>: a team account step by step: an owner creates an organization, the team subscription's webhook sets
/// its seats, a colleague is invited and accepts, a third invitation finds no seat left, and the overview shows the
/// organization, its members, its subscription and its payment.
/// </summary>
internal sealed class OrganizationCommand(
    ITableProvisioner provisioner,
    IUserRepository users,
    IOrganizationRepository organizations,
    IInvitationRepository invitations,
    ICheckoutPaymentRepository payments,
    TimeProvider clock)
{
    private const string Provider = "stripe";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await EnsureCommand.EnsureAsync(provisioner, cancellationToken);
        var run = Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
        var now = clock.GetUtcNow();

        // 1. Two people sign up; one creates the organization (one transaction: it, its slug, the owner both ways).
        var grace = await users.CreateAsync(new NewUser { Email = $"grace+{run}@example.com", DisplayName = "Grace Hopper" }, cancellationToken);
        var alan = await users.CreateAsync(new NewUser { Email = $"alan+{run}@example.com", DisplayName = "Alan Turing" }, cancellationToken);
        var organization = await organizations.CreateAsync(new NewOrganization { Slug = $"analytical-{run}", Name = "Analytical Engines", OwnerUserId = grace.UserId }, cancellationToken);
        Step("Created organization", $"{organization.Name} ({organization.Slug}), {organization.MemberCount} member, {organization.SeatCount} seat");

        // 2. The team checkout: the payment and the subscription belong to the organization; its seats follow.
        var subscription = new SubscriptionChange
        {
            OrganizationId = organization.OrganizationId,
            SubscriptionId = $"sub_{run}",
            PaymentProvider = Provider,
            PlanId = "team",
            Status = SubscriptionStatus.Active,
            Seats = 2,
            CurrentPeriodEnd = now.AddMonths(1),
            EventAt = now,
        };
        var paid = await payments.RecordAsync(
            new NewCheckoutPayment { OrganizationId = organization.OrganizationId, PaymentProvider = Provider, CheckoutSessionId = $"cs_{run}", Amount = new Money(5800, "EUR"), Status = PaymentStatus.Paid, SubscriptionId = subscription.SubscriptionId },
            subscription,
            cancellationToken);
        var seats = (await organizations.GetAsync(organization.OrganizationId, consistentRead: true, cancellationToken))!.SeatCount;
        Step("Team checkout", $"{paid.Payment.Amount} {paid.Outcome}; subscription {paid.SubscriptionChange}, {seats} seats");

        // 3. Grace invites Alan; only a hash of the token is stored. Alan accepts: the seat is taken in the same transaction.
        var invited = await invitations.InviteAsync(new NewInvitation { OrganizationId = organization.OrganizationId, Email = alan.Email, InvitedByUserId = grace.UserId }, cancellationToken);
        Step("Invited", $"{invited.Invitation.Email} as {invited.Invitation.Role}, expires {invited.Invitation.ExpiresAt:yyyy-MM-dd}");
        var joined = await invitations.AcceptAsync(invited.Token, alan.UserId, cancellationToken);
        Step("Accepted", $"{alan.DisplayName} is a {joined.Role}");

        // 4. A third person: the organization is full, so the acceptance is refused and nothing is written.
        var ada = await users.CreateAsync(new NewUser { Email = $"ada+{run}@example.com", DisplayName = "Ada Lovelace" }, cancellationToken);
        var third = await invitations.InviteAsync(new NewInvitation { OrganizationId = organization.OrganizationId, Email = ada.Email, InvitedByUserId = grace.UserId }, cancellationToken);
        try
        {
            await invitations.AcceptAsync(third.Token, ada.UserId, cancellationToken);
            Step("Third acceptance", "joined (unexpected)");
            return 1;
        }
        catch (OrganizationSeatLimitException full)
        {
            Step("Third acceptance", $"refused: {full.MemberCount} of {full.SeatCount} seats taken");
        }

        // 5. The last owner cannot leave: an organization keeps at least one owner.
        try
        {
            await organizations.LeaveAsync(organization.OrganizationId, grace.UserId, cancellationToken);
            return 1;
        }
        catch (OrganizationOwnerRequiredException)
        {
            Step("Owner leaves", "refused: the last owner stays");
        }

        // 6. The overview: organization, members, subscriptions and latest payments, four reads at once.
        var overview = await organizations.GetOverviewAsync(organization.OrganizationId, cancellationToken: cancellationToken)
            ?? throw new InvalidOperationException($"Organization {organization.OrganizationId} was just created but is not found.");
        var mine = await organizations.ListForUserAsync(alan.UserId, cancellationToken: cancellationToken);
        AnsiConsole.WriteLine();
        var table = new Table().AddColumns("Member", "Role", "Joined");
        foreach (var member in overview.Members)
        {
            table.AddRow(Markup.Escape(member.UserId == grace.UserId ? grace.Email : member.UserId == alan.UserId ? alan.Email : member.UserId), member.Role, member.JoinedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
        }

        AnsiConsole.MarkupLineInterpolated($"[bold]{overview.Organization.Name}[/] ({overview.Organization.Slug}): {overview.Organization.MemberCount}/{overview.Organization.SeatCount} seats, plan {overview.ActiveSubscription?.PlanId ?? "none"}, {overview.LatestPayments.Count} payment(s)");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"{alan.DisplayName}'s organizations: {string.Join(", ", mine.Items.Select(m => $"{m.OrganizationName} ({m.Role})"))}");
        return overview.Members.Count == 2 && overview.Organization.MemberCount == 2 ? 0 : 1;
    }
}
