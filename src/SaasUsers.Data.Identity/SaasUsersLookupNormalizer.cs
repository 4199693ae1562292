using Microsoft.AspNetCore.Identity;

namespace SaasUsers.Data.Identity;

/// <summary>
/// Identity's lookup normalizer for the SaaS table: e-mail addresses get the table's own normalization
/// (<see cref="EmailNormalizer"/>, the form of the e-mail sentinel and <see cref="User.NormalizedEmail"/>), so
/// Identity's normalized e-mail and the SaaS user's are the same text; names are upper-cased as by Identity's
/// default normalizer.
/// </summary>
public sealed class SaasUsersLookupNormalizer : ILookupNormalizer
{
    /// <inheritdoc />
    public string? NormalizeName(string? name) => name?.Normalize().ToUpperInvariant();

    /// <inheritdoc />
    /// <remarks>An address that is not valid keeps Identity's default form; validation rejects it anyway.</remarks>
    public string? NormalizeEmail(string? email) =>
        email is null ? null : EmailNormalizer.TryNormalize(email, out var normalized) ? normalized : email.Normalize().ToUpperInvariant();
}
