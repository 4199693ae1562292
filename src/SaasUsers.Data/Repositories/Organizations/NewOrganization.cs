namespace SaasUsers.Data;

/// <summary>An organization to create, with the user who owns it.</summary>
public sealed record NewOrganization
{
    /// <summary>The organization's id; a new random id when <see langword="null"/>.</summary>
    public string? OrganizationId { get; init; }

    /// <summary>The unique slug: 3 to 63 lower-case letters, digits and single hyphens (for example <c>acme-labs</c>).</summary>
    public required string Slug { get; init; }

    /// <summary>The name shown in the application (1 to 200 characters).</summary>
    public required string Name { get; init; }

    /// <summary>The user who creates and owns the organization: its first member, with the owner role.</summary>
    public required string OwnerUserId { get; init; }

    /// <summary>The seats before any subscription reports a quantity (a free plan's), 1 to 1,000,000; the owner takes one. Defaults to 1.</summary>
    public int Seats { get; init; } = 1;
}
