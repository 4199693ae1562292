using System.Security.Cryptography;
using System.Text;

namespace SaasUsers.Data.Identity;

/// <summary>
/// Fixed-length key components for values that can be longer than a key allows (claims, passkey credential ids):
/// base64url of SHA-256, length-prefixed so that (type, value) pairs never collide by concatenation.
/// </summary>
internal static class KeyHashes
{
    public static string Claim(string type, string value)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(value);
        var text = type.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + type + value;
        return Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    public static string Credential(byte[] credentialId)
    {
        ArgumentNullException.ThrowIfNull(credentialId);
        return Base64Url(SHA256.HashData(credentialId));
    }

    public static string Base64Url(ReadOnlySpan<byte> bytes)
    {
        var base64 = Convert.ToBase64String(bytes);
        return base64.TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static byte[]? FromBase64Url(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 += (base64.Length % 4) switch { 2 => "==", 3 => "=", _ => string.Empty };
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? buffer.AsSpan(0, written).ToArray() : null;
    }
}
