using System.Security.Cryptography;
using System.Text;

namespace SaasUsers.Data;

/// <summary>
/// Invitation tokens: <c>{organization id, base64url}.{invitation id}.{secret}</c>, with 32 random bytes of secret.
/// Only the SHA-256 of the secret is stored; a presented token is compared with it in constant time.
/// </summary>
internal static class InvitationToken
{
    private const int SecretBytes = 32;
    private const int IdBytes = 16;
    private const int SecretLength = 43; // 32 bytes in base64url without padding

    /// <summary>A new token for an invitation to <paramref name="organizationId"/>.</summary>
    public static (string InvitationId, string Token, string SecretHash) Create(string organizationId)
    {
        var invitationId = Convert.ToHexString(RandomNumberGenerator.GetBytes(IdBytes)).ToLowerInvariant();
        var secret = Encode(RandomNumberGenerator.GetBytes(SecretBytes));
        var token = Encode(Encoding.UTF8.GetBytes(organizationId)) + "." + invitationId + "." + secret;
        return (invitationId, token, Hash(secret));
    }

    /// <summary>Reads a token's parts; <see langword="false"/> when it has not the shape this class makes.</summary>
    public static bool TryParse(string? token, out string organizationId, out string invitationId, out string secret)
    {
        organizationId = invitationId = secret = string.Empty;
        var parts = token?.Split('.');
        if (parts is not { Length: 3 } || parts[1].Length != IdBytes * 2 || !parts[1].All(char.IsAsciiHexDigitLower)
            || parts[2].Length != SecretLength || !IsBase64Url(parts[2]) || parts[0].Length is 0 or > 400 || !IsBase64Url(parts[0]))
        {
            return false;
        }

        try
        {
            organizationId = new UTF8Encoding(false, true).GetString(Decode(parts[0]));
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException)
        {
            return false;
        }

        invitationId = parts[1];
        secret = parts[2];
        return organizationId.Length > 0;
    }

    /// <summary>The stored hash of a secret: SHA-256, lower-case hex.</summary>
    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret))).ToLowerInvariant();

    /// <summary>Whether <paramref name="secret"/> hashes to <paramref name="storedHash"/>, compared in constant time.</summary>
    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Decode(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }

    private static bool IsBase64Url(string text) => text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
