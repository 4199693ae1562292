using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data.Paging;

/// <summary>
/// Turns DynamoDB's <c>LastEvaluatedKey</c> into an opaque cursor and back. A cursor is signed with
/// HMAC-SHA256, bound to the query it came from and given an expiry, so a cursor that was changed, issued for
/// another query (another user's partition, say) or is too old is refused before any request is sent.
/// </summary>
/// <remarks>
/// Layout (then base64url): version (1 byte), expiry in Unix seconds (8), SHA-256 of the query scope (first 16),
/// attribute count (1), per attribute: name length (2) + UTF-8 name, type (1: S or N), value length (2) + UTF-8
/// value; then the HMAC-SHA256 of everything before it (32).
/// </remarks>
internal sealed class CursorProtector
{
    private const byte FormatVersion = 1;
    private const int BindingLength = 16;
    private const int MacLength = 32;
    private const int HeaderLength = 1 + 8 + BindingLength + 1;

    private readonly byte[] _key;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _timeProvider;

    public CursorProtector(byte[] key, TimeSpan lifetime, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 32)
        {
            throw new ArgumentException("A cursor signing key must be at least 32 bytes.", nameof(key));
        }

        _key = key;
        _lifetime = lifetime;
        _timeProvider = timeProvider;
    }

    /// <summary>Makes a cursor for <paramref name="lastEvaluatedKey"/>, bound to <paramref name="scope"/>.</summary>
    public string Protect(Dictionary<string, AttributeValue> lastEvaluatedKey, string scope)
    {
        var buffer = new List<byte>(256);
        Span<byte> eight = stackalloc byte[8];
        buffer.Add(FormatVersion);
        BinaryPrimitives.WriteInt64BigEndian(eight, _timeProvider.GetUtcNow().Add(_lifetime).ToUnixTimeSeconds());
        buffer.AddRange(eight.ToArray());
        buffer.AddRange(Binding(scope));
        buffer.Add(checked((byte)lastEvaluatedKey.Count));
        foreach (var (name, value) in lastEvaluatedKey.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var (type, text) = value switch
            {
                { S: { } s } => ((byte)'S', s),
                { N: { } n } => ((byte)'N', n),
                _ => throw new InvalidOperationException($"Key attribute '{name}' is neither a string nor a number."),
            };
            WriteText(buffer, name);
            buffer.Add(type);
            WriteText(buffer, text);
        }

        var payload = buffer.ToArray();
        var mac = HMACSHA256.HashData(_key, payload);
        return Base64Url(payload, mac);
    }

    /// <summary>Reads a cursor made by <see cref="Protect"/> for the same <paramref name="scope"/>.</summary>
    /// <exception cref="InvalidCursorException">The cursor is malformed, tampered with, expired or foreign to the scope.</exception>
    public Dictionary<string, AttributeValue> Unprotect(string cursor, string scope, string paramName)
    {
        var bytes = FromBase64Url(cursor) ?? throw new InvalidCursorException(InvalidCursorReason.Malformed, paramName);
        if (bytes.Length < HeaderLength + MacLength)
        {
            throw new InvalidCursorException(InvalidCursorReason.Malformed, paramName);
        }

        var payload = bytes.AsSpan(0, bytes.Length - MacLength);
        var mac = bytes.AsSpan(bytes.Length - MacLength);
        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, payload), mac))
        {
            throw new InvalidCursorException(InvalidCursorReason.Tampered, paramName);
        }

        if (payload[0] != FormatVersion)
        {
            throw new InvalidCursorException(InvalidCursorReason.Malformed, paramName);
        }

        var expiresAt = BinaryPrimitives.ReadInt64BigEndian(payload.Slice(1, 8));
        if (_timeProvider.GetUtcNow().ToUnixTimeSeconds() > expiresAt)
        {
            throw new InvalidCursorException(InvalidCursorReason.Expired, paramName);
        }

        if (!payload.Slice(9, BindingLength).SequenceEqual(Binding(scope)))
        {
            throw new InvalidCursorException(InvalidCursorReason.ForeignQuery, paramName);
        }

        var count = payload[9 + BindingLength];
        var position = HeaderLength;
        var key = new Dictionary<string, AttributeValue>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = ReadText(payload, ref position, paramName);
            if (position >= payload.Length)
            {
                throw new InvalidCursorException(InvalidCursorReason.Malformed, paramName);
            }

            var type = payload[position++];
            var text = ReadText(payload, ref position, paramName);
            key[name] = type switch
            {
                (byte)'S' => new AttributeValue { S = text },
                (byte)'N' => new AttributeValue { N = text },
                _ => throw new InvalidCursorException(InvalidCursorReason.Malformed, paramName),
            };
        }

        return position == payload.Length ? key : throw new InvalidCursorException(InvalidCursorReason.Malformed, paramName);
    }

    private static byte[] Binding(string scope) => SHA256.HashData(Encoding.UTF8.GetBytes(scope)).AsSpan(0, BindingLength).ToArray();

    private static void WriteText(List<byte> buffer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, checked((ushort)bytes.Length));
        buffer.AddRange(length.ToArray());
        buffer.AddRange(bytes);
    }

    private static string ReadText(ReadOnlySpan<byte> payload, ref int position, string paramName)
    {
        if (position + 2 > payload.Length)
        {
            throw new InvalidCursorException(InvalidCursorReason.Malformed, paramName);
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(position, 2));
        position += 2;
        if (position + length > payload.Length)
        {
            throw new InvalidCursorException(InvalidCursorReason.Malformed, paramName);
        }

        var text = Encoding.UTF8.GetString(payload.Slice(position, length));
        position += length;
        return text;
    }

    private static string Base64Url(byte[] payload, byte[] mac)
    {
        var all = new byte[payload.Length + mac.Length];
        payload.CopyTo(all, 0);
        mac.CopyTo(all, payload.Length);
        return Convert.ToBase64String(all).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static byte[]? FromBase64Url(string text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 8192)
        {
            return null;
        }

        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 += (base64.Length % 4) switch
        {
            2 => "==",
            3 => "=",
            _ => string.Empty,
        };
        var buffer = new byte[base64.Length * 3 / 4];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? buffer.AsSpan(0, written).ToArray() : null;
    }
}
