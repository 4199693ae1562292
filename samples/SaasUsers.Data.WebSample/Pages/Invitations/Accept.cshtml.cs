namespace SaasUsers.Data.WebSample.Pages.Invitations;

/// <summary>
/// The invitation e-mail's link, opened in the invited user's session: accepting is one transaction (invitation
/// consumed, membership both ways, a seat taken under the seat limit, the user's address checked).
/// </summary>
[Authorize]
public sealed class AcceptModel(UserManager<SaasIdentityUser> identity, IInvitationRepository invitations) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            var member = await invitations.AcceptAsync(Token, identity.GetUserId(User)!, cancellationToken);
            return RedirectToPage("/Organizations/Details", new { id = member.OrganizationId });
        }
        catch (InvalidInvitationException invalid)
        {
            Error = invalid.Refusal switch
            {
                InvitationRefusal.Expired => "This invitation has expired: ask for a new one.",
                InvitationRefusal.OtherAddress => "This invitation is for another e-mail address: sign in with that address.",
                _ => "This invitation is not valid (it may have been used or revoked).",
            };
        }
        catch (OrganizationSeatLimitException full)
        {
            Error = $"The organization has no seat left ({full.MemberCount} of {full.SeatCount} taken).";
        }
        catch (DuplicateMemberException)
        {
            Error = "You are already a member of this organization.";
        }

        return Page();
    }
}
