using System.ComponentModel.DataAnnotations;

namespace SaasUsers.Data.WebSample.Pages.Organizations;

/// <summary>The user's organizations (one query of their memberships) and the form that creates one (one transaction).</summary>
[Authorize]
public sealed class IndexModel(UserManager<SaasIdentityUser> identity, IOrganizationRepository organizations) : PageModel
{
    /// <summary>The seats of a new organization before any subscription (the sample's free plan).</summary>
    public const int FreeSeats = 3;

    [BindProperty]
    public CreateOrganizationInput Input { get; set; } = new();

    public IReadOnlyList<UserMembership> Memberships { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            try
            {
                var created = await organizations.CreateAsync(
                    new NewOrganization { Name = Input.Name, Slug = Input.Slug, OwnerUserId = identity.GetUserId(User)!, Seats = FreeSeats },
                    cancellationToken);
                return RedirectToPage("/Organizations/Details", new { id = created.OrganizationId });
            }
            catch (DuplicateSlugException)
            {
                ModelState.AddModelError("Input.Slug", $"The address {Input.Slug} is taken: choose another.");
            }
            catch (ArgumentException invalid) when (invalid.ParamName is { } name && name.Contains("Slug", StringComparison.OrdinalIgnoreCase))
            {
                // The package's own rule, named: 3 to 63 lower-case letters, digits and single hyphens.
                ModelState.AddModelError("Input.Slug", WithoutParameter(invalid));
            }
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>The package's message without the " (Parameter 'x')" that ArgumentException appends.</summary>
    public static string WithoutParameter(ArgumentException invalid) =>
        invalid.Message.Replace($" (Parameter '{invalid.ParamName}')", string.Empty, StringComparison.Ordinal);

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Memberships = (await organizations.ListForUserAsync(identity.GetUserId(User)!, cancellationToken: cancellationToken)).Items;
}

/// <summary>The form that creates an organization.</summary>
public sealed class CreateOrganizationInput
{
    [Required, StringLength(200)]
    public string Name { get; set; } = "";

    [Required]
    [Display(Name = "Address (slug)")]
    public string Slug { get; set; } = "";
}
