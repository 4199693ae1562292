using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SaasUsers.Data.Stripe.Signatures;

/// <summary>
/// Stripe's webhook signature scheme: the header <c>Stripe-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;[,v1=...]</c>,
/// where each <c>v1</c> is the hex HMAC-SHA256, keyed with the endpoint secret, of <c>"&lt;t&gt;.&lt;raw body&gt;"</c>.
/// A request is genuine when some <c>v1</c> matches some configured secret (compared in constant time) and <c>t</c>
/// is within the tolerance of now, in either direction. Other schemes (<c>v0</c>, test-mode extras) are ignored,
/// as Stripe's libraries do. Checked against <c>Stripe.net</c>'s <c>EventUtility.ValidateSignature</c> in the tests.
/// </summary>
internal sealed class StripeSignatureVerifier
{
    private readonly byte[][] _keys;
    private readonly TimeSpan _tolerance;

    public StripeSignatureVerifier(IEnumerable<string> secrets, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _keys = secrets.Select(Encoding.UTF8.GetBytes).ToArray();
        _tolerance = tolerance;
    }

    /// <summary>Verifies <paramref name="header"/> for <paramref name="payload"/> at <paramref name="now"/>.</summary>
    public StripeSignatureCheck Verify(ReadOnlySpan<byte> payload, string? header, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return StripeSignatureCheck.Missing;
        }

        long? timestamp = null;
        var signatures = new List<byte[]>();
        foreach (var part in header.Split(','))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var name = part.AsSpan(0, equals).Trim();
            var value = part.AsSpan(equals + 1).Trim();
            if (name.SequenceEqual("t") && timestamp is null && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                timestamp = seconds;
            }
            else if (name.SequenceEqual("v1") && TryFromHex(value, out var signature))
            {
                signatures.Add(signature);
            }
        }

        if (timestamp is null || signatures.Count == 0)
        {
            return StripeSignatureCheck.Malformed;
        }

        if (!Matches(payload, timestamp.Value, signatures))
        {
            return StripeSignatureCheck.Mismatch;
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(timestamp.Value, 0, 253402300799));
        return age.Duration() > _tolerance ? StripeSignatureCheck.OutsideTolerance : StripeSignatureCheck.Valid;
    }

    private bool Matches(ReadOnlySpan<byte> payload, long timestamp, List<byte[]> signatures)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = ArrayPool<byte>.Shared.Rent(prefix.Length + payload.Length);
        try
        {
            prefix.CopyTo(signed, 0);
            payload.CopyTo(signed.AsSpan(prefix.Length));
            var message = signed.AsSpan(0, prefix.Length + payload.Length);
            Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
            var matched = false;
            foreach (var key in _keys)
            {
                HMACSHA256.HashData(key, message, expected);
                foreach (var signature in signatures)
                {
                    // Every pair is compared, in constant time, so the time taken says nothing about which matched.
                    matched |= CryptographicOperations.FixedTimeEquals(expected, signature);
                }
            }

            return matched;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(signed);
        }
    }

    private static bool TryFromHex(ReadOnlySpan<char> hex, out byte[] bytes)
    {
        bytes = [];
        // Stripe signs in lower-case hex and its libraries compare the text: other letter cases are not its signatures.
        if (hex.Length != HMACSHA256.HashSizeInBytes * 2 || hex.ContainsAnyInRange('A', 'Z'))
        {
            return false;
        }

        try
        {
            bytes = Convert.FromHexString(hex);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>The outcome of checking a <c>Stripe-Signature</c> header.</summary>
internal enum StripeSignatureCheck
{
    /// <summary>Signed with a configured secret, within the tolerance.</summary>
    Valid,

    /// <summary>No header.</summary>
    Missing,

    /// <summary>The header has no timestamp or no <c>v1</c> signature.</summary>
    Malformed,

    /// <summary>No signature matches any configured secret.</summary>
    Mismatch,

    /// <summary>Signed correctly, but the timestamp is too far from now (a replay, or a wrong clock).</summary>
    OutsideTolerance,
}
