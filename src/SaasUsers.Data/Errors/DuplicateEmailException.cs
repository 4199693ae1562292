namespace SaasUsers.Data;

/// <summary>Another user already has the e-mail address (compared ignoring case). Nothing was written.</summary>
public sealed class DuplicateEmailException : SaasUsersDataException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="normalizedEmail">The address, normalized.</param>
    /// <param name="innerException">The cancelled transaction.</param>
    public DuplicateEmailException(string normalizedEmail, Exception? innerException = null)
        : base("Another user already has this e-mail address.", innerException)
    {
        NormalizedEmail = normalizedEmail;
    }

    /// <summary>The address, normalized (kept out of the message, which may reach logs).</summary>
    public string NormalizedEmail { get; }
}
