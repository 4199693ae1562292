namespace SaasUsers.Data;

/// <summary>
/// An invitation to join an organization, pending until it is accepted or revoked (both delete it) or it expires.
/// Stored in the organization's collection at <c>ORG#{OrganizationId}</c> / <c>INVITE#{InvitationId}</c>, and indexed by
/// the invited address (GSI1 <c>INVITEE#{NormalizedEmail}</c>), so a user can see the invitations waiting for them.
/// Only a SHA-256 of the token is stored: the token itself is shown once, to the inviter.
/// </summary>
[DynamoEntity("ORG#{OrganizationId}", "INVITE#{InvitationId}", EntityType = "OrganizationInvitation")]
[DynamoIndex(1, "INVITEE#{NormalizedEmail}", "INVITE#{OrganizationId}#{InvitationId}", Name = "ByEmail")]
public sealed partial record OrganizationInvitation
{
    /// <summary>The organization.</summary>
    public required string OrganizationId { get; init; }

    /// <summary>The organization's slug when the invitation was made (shown to the invited user, and kept on the membership).</summary>
    public required string OrganizationSlug { get; init; }

    /// <summary>The organization's name when the invitation was made.</summary>
    public required string OrganizationName { get; init; }

    /// <summary>The invitation's id (random; part of the token).</summary>
    public required string InvitationId { get; init; }

    /// <summary>The invited address as typed.</summary>
    public required string Email { get; init; }

    /// <summary>The invited address normalized (as <see cref="User.NormalizedEmail"/>): only the user with this address may accept.</summary>
    public required string NormalizedEmail { get; init; }

    /// <summary>The role the invited user gets.</summary>
    public required string Role { get; init; }

    /// <summary>The member who invited.</summary>
    public required string InvitedByUserId { get; init; }

    /// <summary>The SHA-256 (hex) of the token's secret; the token itself is never stored.</summary>
    public required string TokenHash { get; init; }

    /// <summary>When the invitation was made.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the invitation expires; time to live deletes it some time after (reads and acceptance check the time themselves).</summary>
    [DynamoTimeToLive]
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Whether the invitation has expired at <paramref name="now"/>.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt <= now;
}
