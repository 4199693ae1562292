using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace SaasUsers.Data.WebSample.Pages.Account;

/// <summary>Sign-up through Identity's UserManager: one transaction creates the SaaS user, its e-mail sentinel and the Identity account.</summary>
public sealed class SignUpModel(UserManager<SaasIdentityUser> users, RoleManager<SaasIdentityRole> roles, SampleMailbox mailbox, IOptions<SampleOptions> sample) : PageModel
{
    [BindProperty]
    public SignUpInput Input { get; set; } = new();

    /// <summary>The confirmation e-mail, shown instead of sent, once the account exists.</summary>
    public SampleMail? Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // UserManager checks the password and the address before it writes: a refusal writes nothing.
        var user = new SaasIdentityUser(Input.Email) { Email = Input.Email };
        var created = await users.CreateAsync(user, Input.Password);
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
            {
                ModelState.AddModelError(error.Code.Contains("Password", StringComparison.Ordinal) ? "Input.Password" : "Input.Email", error.Description);
            }

            return Page();
        }

        if (sample.Value.AdminEmails.Any(a => string.Equals(a, Input.Email, StringComparison.OrdinalIgnoreCase)))
        {
            if (!await roles.RoleExistsAsync(WebSampleApp.AdminRole))
            {
                await roles.CreateAsync(new SaasIdentityRole(WebSampleApp.AdminRole));
            }

            await users.AddToRoleAsync(user, WebSampleApp.AdminRole);
        }

        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        var link = Url.Page("/Account/ConfirmEmail", pageHandler: null, values: new { userId = user.Id, token }, protocol: Request.Scheme)!;
        mailbox.Send(user.Email!, "Confirm your e-mail address", "Follow the link to confirm your address, then sign in.", link);
        Sent = mailbox.For(user.Email!)[0];
        return Page();
    }
}

/// <summary>The sign-up form.</summary>
public sealed class SignUpInput
{
    [Required, EmailAddress, StringLength(254)]
    [Display(Name = "E-mail")]
    public string Email { get; set; } = "";

    [Required, StringLength(100, MinimumLength = 8, ErrorMessage = "The password must be 8 to 100 characters long.")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [Required, Compare(nameof(Password), ErrorMessage = "The passwords do not match.")]
    [DataType(DataType.Password)]
    [Display(Name = "Repeat the password")]
    public string ConfirmPassword { get; set; } = "";
}
