using SaasUsers.Data.Validation;

namespace SaasUsers.Data;

/// <summary>
/// The one normalization of e-mail addresses the table uses for lookups and uniqueness (the
/// <see cref="EmailLookup"/> sentinel, <see cref="User.NormalizedEmail"/>, GSI1). Packages built on the table
/// (SaasUsers.Data.Identity's lookup normalizer, for instance) call it so they key e-mail addresses exactly as
/// <see cref="IUserRepository"/> does.
/// </summary>
public static class EmailNormalizer
{
    /// <summary>Validates an e-mail address and returns its normalized form (trimmed, Unicode NFC, lower case).</summary>
    /// <param name="email">The address.</param>
    /// <returns>The normalized address.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="email"/> is null.</exception>
    /// <exception cref="ArgumentException">The address is empty or not a valid e-mail address.</exception>
    public static string Normalize(string email) => InputRules.NormalizeEmail(email, nameof(email));

    /// <summary>Normalizes an e-mail address, or returns <see langword="false"/> when it is not a valid one.</summary>
    /// <param name="email">The address.</param>
    /// <param name="normalized">The normalized address, or <see langword="null"/>.</param>
    /// <returns>Whether the address is valid.</returns>
    public static bool TryNormalize(string? email, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? normalized)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            normalized = null;
            return false;
        }

        try
        {
            normalized = InputRules.NormalizeEmail(email, nameof(email));
            return true;
        }
        catch (ArgumentException)
        {
            normalized = null;
            return false;
        }
    }
}
