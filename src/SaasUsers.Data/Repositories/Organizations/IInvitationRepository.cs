namespace SaasUsers.Data;

/// <summary>
/// Invitations to organizations: made by a member for an e-mail address, accepted once by the user with that address
/// before they expire (a seat taken in the same transaction), or revoked. Tokens are shown once; only their hash is stored.
/// </summary>
public interface IInvitationRepository
{
    /// <summary>
    /// Invites an address (a <c>GetItem</c> of the organization, then one transaction: the invitation created, the
    /// organization checked, the inviter checked to be a member). The result holds the token, shown only now.
    /// </summary>
    /// <exception cref="ItemNotFoundException">The organization does not exist, or the inviter is not a member.</exception>
    Task<CreatedInvitation> InviteAsync(NewInvitation invitation, CancellationToken cancellationToken = default);

    /// <summary>Lists an organization's pending invitations, one page (one <c>Query</c>, strongly consistent) at a time; expired ones are left out.</summary>
    /// <exception cref="InvalidCursorException">The cursor was changed, belongs to another listing, or expired.</exception>
    Task<QueryPage<OrganizationInvitation>> ListPendingAsync(string organizationId, int pageSize = 50, string? cursor = null, CancellationToken cancellationToken = default);

    /// <summary>Lists the pending invitations of an e-mail address, any organization, one page (one <c>Query</c> of GSI1; eventually consistent) at a time; expired ones are left out.</summary>
    /// <exception cref="InvalidCursorException">The cursor was changed, belongs to another listing, or expired.</exception>
    Task<QueryPage<OrganizationInvitation>> ListPendingForEmailAsync(string email, int pageSize = 50, string? cursor = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Accepts an invitation for <paramref name="userId"/> (a <c>GetItem</c> of the invitation, then one transaction:
    /// the invitation deleted if still there, both directions of the membership, the seat taken under
    /// <c>MemberCount &lt; SeatCount</c>, and the user checked to have the invited address and not be being deleted).
    /// Accepted once: a second acceptance finds no invitation.
    /// </summary>
    /// <exception cref="InvalidInvitationException">The token is malformed, unknown, used or revoked, expired, or for another address.</exception>
    /// <exception cref="DuplicateMemberException">The user is already a member.</exception>
    /// <exception cref="OrganizationSeatLimitException">No seat is left.</exception>
    /// <exception cref="ItemNotFoundException">The organization or the user does not exist or is being deleted.</exception>
    Task<OrganizationMember> AcceptAsync(string token, string userId, CancellationToken cancellationToken = default);

    /// <summary>Revokes a pending invitation (one <c>DeleteItem</c>).</summary>
    /// <exception cref="ItemNotFoundException">No such pending invitation.</exception>
    Task RevokeAsync(string organizationId, string invitationId, CancellationToken cancellationToken = default);
}
