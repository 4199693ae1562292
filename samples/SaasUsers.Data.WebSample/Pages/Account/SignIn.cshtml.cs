using System.ComponentModel.DataAnnotations;

namespace SaasUsers.Data.WebSample.Pages.Account;

/// <summary>Password sign-in through Identity's SignInManager (lockout after repeated failures; a confirmed e-mail first).</summary>
public sealed class SignInModel(SignInManager<SaasIdentityUser> signIn) : PageModel
{
    [BindProperty]
    public SignInInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(Input.Email, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/Account");
        }

        ModelState.AddModelError(string.Empty, result switch
        {
            { IsLockedOut: true } => "Too many failed attempts: the account is locked for a few minutes.",
            { IsNotAllowed: true } => "Confirm your e-mail address first (the link is on the sign-up page).",
            _ => "The e-mail or the password is wrong.",
        });
        return Page();
    }
}

/// <summary>The sign-in form.</summary>
public sealed class SignInInput
{
    [Required, EmailAddress]
    [Display(Name = "E-mail")]
    public string Email { get; set; } = "";

    [Required, DataType(DataType.Password)]
    public string Password { get; set; } = "";
}
