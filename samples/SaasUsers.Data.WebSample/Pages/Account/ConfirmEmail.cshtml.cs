namespace SaasUsers.Data.WebSample.Pages.Account;

/// <summary>The link of the confirmation e-mail: Identity checks the token and marks the address confirmed.</summary>
public sealed class ConfirmEmailModel(UserManager<SaasIdentityUser> users) : PageModel
{
    public bool Confirmed { get; private set; }

    public async Task OnGetAsync(string? userId, string? token)
    {
        if (userId is null || token is null || await users.FindByIdAsync(userId) is not { } user)
        {
            return;
        }

        Confirmed = (await users.ConfirmEmailAsync(user, token)).Succeeded;
    }
}
