namespace SaasUsers.Data;

/// <summary>
/// An invitation just made, with its token: send the token to the invited address (in a link); it is not stored and
/// cannot be read again. <see cref="ToString"/> leaves the token out, so logging the result does not leak it.
/// </summary>
/// <param name="Invitation">The invitation as stored.</param>
/// <param name="Token">The token that accepts it (secret).</param>
public sealed record CreatedInvitation(OrganizationInvitation Invitation, string Token)
{
    /// <summary>Describes the invitation without the token.</summary>
    public override string ToString() => $"Invitation {Invitation.InvitationId} to organization {Invitation.OrganizationId} as {Invitation.Role} (token redacted)";
}
