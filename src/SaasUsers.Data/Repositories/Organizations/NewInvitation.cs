namespace SaasUsers.Data;

/// <summary>An invitation to make: who invites whom to which organization, with which role.</summary>
public sealed record NewInvitation
{
    /// <summary>The organization.</summary>
    public required string OrganizationId { get; init; }

    /// <summary>The address invited; only the user with this address (in any letter case) may accept.</summary>
    public required string Email { get; init; }

    /// <summary>The role the invited user gets. Defaults to <see cref="OrganizationRoles.Member"/>.</summary>
    public string Role { get; init; } = OrganizationRoles.Member;

    /// <summary>The member who invites (must be a member of the organization).</summary>
    public required string InvitedByUserId { get; init; }

    /// <summary>How long the invitation may be accepted, 1 hour to 30 days. Defaults to 7 days.</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromDays(7);
}
