namespace SaasUsers.Data;

/// <summary>Why an invitation token was refused.</summary>
public enum InvitationRefusal
{
    /// <summary>The token is not one this package issued (wrong shape).</summary>
    Malformed,

    /// <summary>No pending invitation matches the token: it never existed, its secret is wrong, or it was accepted or revoked.</summary>
    NotFound,

    /// <summary>The invitation expired.</summary>
    Expired,

    /// <summary>The invitation is for another e-mail address than the accepting user's.</summary>
    OtherAddress,
}

/// <summary>
/// An invitation token was refused: malformed, unknown or used, expired, or for another address. Nothing was written.
/// An <see cref="ArgumentException"/> naming the token argument, since the token is the caller's input.
/// </summary>
public sealed class InvalidInvitationException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="refusal">Why the token was refused.</param>
    /// <param name="paramName">The argument that held the token.</param>
    /// <param name="innerException">The cause, if any.</param>
    public InvalidInvitationException(InvitationRefusal refusal, string paramName, Exception? innerException = null)
        : base(Describe(refusal, paramName), paramName, innerException)
    {
        Refusal = refusal;
    }

    /// <summary>Why the token was refused.</summary>
    public InvitationRefusal Refusal { get; }

    private static string Describe(InvitationRefusal refusal, string paramName) => refusal switch
    {
        InvitationRefusal.Malformed => $"'{paramName}' is not an invitation token.",
        InvitationRefusal.NotFound => $"'{paramName}' matches no pending invitation (unknown, accepted or revoked); nothing was written.",
        InvitationRefusal.Expired => $"'{paramName}' is an invitation that has expired; nothing was written.",
        _ => $"'{paramName}' is an invitation for another e-mail address than the accepting user's; nothing was written.",
    };
}
