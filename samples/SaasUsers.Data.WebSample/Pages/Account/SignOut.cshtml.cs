namespace SaasUsers.Data.WebSample.Pages.Account;

/// <summary>Signs out (a POST from the header's button) and goes home.</summary>
public sealed class SignOutModel(SignInManager<SaasIdentityUser> signIn) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }
}
