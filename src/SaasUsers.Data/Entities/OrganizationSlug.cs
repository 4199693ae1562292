namespace SaasUsers.Data;

/// <summary>
/// The sentinel item that makes an organization's slug unique: written with <c>attribute_not_exists</c> in the same
/// transaction as the organization (like <see cref="EmailLookup"/> for e-mail addresses), and read to find an
/// organization by slug. Owned by the <see cref="Organization"/>: deleting the organization frees the slug.
/// </summary>
[DynamoEntity("ORGSLUG#{Slug}", "ORGSLUG", EntityType = "OrganizationSlug")]
[DynamoOwnedBy(typeof(Organization))]
public sealed partial record OrganizationSlug
{
    /// <summary>The slug.</summary>
    public required string Slug { get; init; }

    /// <summary>The organization that holds it.</summary>
    public required string OrganizationId { get; init; }

    /// <summary>When the slug was claimed.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
