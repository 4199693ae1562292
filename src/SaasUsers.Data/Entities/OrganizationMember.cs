namespace SaasUsers.Data;

/// <summary>
/// A user's membership as the organization sees it: stored in the organization's collection at
/// <c>ORG#{OrganizationId}</c> / <c>MEMBER#{UserId}</c>, so listing members is one query of the organization. Written
/// in the same transaction as its other direction, <see cref="UserMembership"/>, and the organization's counters.
/// Owned by the <see cref="UserMembership"/> in the user's collection, so no delete of the user can leave it behind.
/// </summary>
[DynamoEntity("ORG#{OrganizationId}", "MEMBER#{UserId}", EntityType = "OrganizationMember")]
[DynamoOwnedBy(typeof(UserMembership))]
public sealed partial record OrganizationMember
{
    /// <summary>The organization.</summary>
    public required string OrganizationId { get; init; }

    /// <summary>The member.</summary>
    public required string UserId { get; init; }

    /// <summary>The member's role: <see cref="OrganizationRoles.Owner"/>, <see cref="OrganizationRoles.Admin"/>, <see cref="OrganizationRoles.Member"/> or an application's own role.</summary>
    public required string Role { get; init; }

    /// <summary>Who invited the member, if the member joined by invitation.</summary>
    public string? InvitedByUserId { get; init; }

    /// <summary>When the member joined.</summary>
    public DateTimeOffset JoinedAt { get; init; }
}
