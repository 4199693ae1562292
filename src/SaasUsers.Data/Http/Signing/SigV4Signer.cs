using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SaasUsers.Data.Http.Signing;

/// <summary>
/// AWS Signature Version 4 for one HTTP request (header authentication, <c>AWS4-HMAC-SHA256</c>). Every header on
/// the request is signed, so callers add what the service needs before signing. Checked against AWS's published
/// SigV4 test suite; ours because the SDK's signer works only on the SDK's internal request type.
/// </summary>
internal static class SigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string DateHeader = "X-Amz-Date";
    public const string SecurityTokenHeader = "X-Amz-Security-Token";

    /// <summary>
    /// Adds <c>X-Amz-Date</c>, <c>X-Amz-Security-Token</c> (for temporary credentials) and <c>Authorization</c> to
    /// <paramref name="request"/>. The request's content must be <paramref name="body"/> (already set).
    /// </summary>
    public static void Sign(HttpRequestMessage request, ReadOnlySpan<byte> body, SigningCredentials credentials, string region, string service, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentException.ThrowIfNullOrEmpty(region);
        ArgumentException.ThrowIfNullOrEmpty(service);
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));

        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        request.Headers.Remove(DateHeader);
        request.Headers.TryAddWithoutValidation(DateHeader, stamp);
        request.Headers.Remove(SecurityTokenHeader);
        if (!string.IsNullOrEmpty(credentials.SessionToken))
        {
            request.Headers.TryAddWithoutValidation(SecurityTokenHeader, credentials.SessionToken);
        }

        if (request.Headers.Host is null)
        {
            request.Headers.Host = uri.IsDefaultPort ? uri.Host : uri.Host + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        }

        var headers = CanonicalHeaders(request);
        var signedHeaders = string.Join(';', headers.Select(h => h.Name));
        var canonicalRequest = CanonicalRequest(request.Method.Method, uri, headers, signedHeaders, Hex(SHA256.HashData(body)));
        var date = stamp[..8];
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = StringToSign(stamp, scope, canonicalRequest);
        var signature = Hex(HMACSHA256.HashData(SigningKey(credentials.SecretKey, date, region, service), Encoding.UTF8.GetBytes(stringToSign)));

        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            $"{Algorithm} Credential={credentials.AccessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
    }

    /// <summary>The canonical request of SigV4's task 1 (exposed for tests against the suite's intermediate values).</summary>
    internal static string CanonicalRequest(string method, Uri uri, IReadOnlyList<(string Name, string Value)> headers, string signedHeaders, string payloadHash)
    {
        var builder = new StringBuilder(256);
        builder.Append(method).Append('\n');
        builder.Append(CanonicalPath(uri)).Append('\n');
        builder.Append(CanonicalQuery(uri)).Append('\n');
        foreach (var (name, value) in headers)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        builder.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);
        return builder.ToString();
    }

    internal static string StringToSign(string stamp, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{stamp}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    /// <summary>Lower-case names, sorted; values trimmed with inner runs of spaces collapsed; repeated headers joined by commas.</summary>
    internal static List<(string Name, string Value)> CanonicalHeaders(HttpRequestMessage request)
    {
        var all = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(IEnumerable<KeyValuePair<string, IEnumerable<string>>> source)
        {
            foreach (var (name, values) in source)
            {
                var key = name.ToLowerInvariant();
                if (key == "authorization")
                {
                    continue;
                }

                if (!all.TryGetValue(key, out var list))
                {
                    all[key] = list = [];
                }

                list.AddRange(values.Select(Collapse));
            }
        }

        Add(request.Headers.NonValidated.Select(h => new KeyValuePair<string, IEnumerable<string>>(h.Key, h.Value)));
        if (request.Content is not null)
        {
            Add(request.Content.Headers.NonValidated.Select(h => new KeyValuePair<string, IEnumerable<string>>(h.Key, h.Value)));
        }

        return all.Select(p => (p.Key, string.Join(',', p.Value))).ToList();
    }

    private static string Collapse(string value)
    {
        var trimmed = value.Trim();
        if (!trimmed.Contains("  ", StringComparison.Ordinal))
        {
            return trimmed;
        }

        var builder = new StringBuilder(trimmed.Length);
        foreach (var c in trimmed)
        {
            if (c == ' ' && builder.Length > 0 && builder[^1] == ' ')
            {
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    // Each path segment URI-encoded once (as every AWS service but S3 expects, after the client's own encoding).
    private static string CanonicalPath(Uri uri)
    {
        var path = uri.AbsolutePath;
        if (path.Length == 0)
        {
            return "/";
        }

        return string.Join('/', path.Split('/').Select(segment => Encode(Uri.UnescapeDataString(segment))));
    }

    private static string CanonicalQuery(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            return string.Empty;
        }

        return string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
                var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
                return (Name: Encode(name), Value: Encode(value));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));
    }

    // RFC 3986 unreserved characters stay; everything else is %XX of its UTF-8 bytes, upper-case hex.
    private static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    // The key changes once a day (per secret, region and service): derived again only then, not on every request.
    private static CachedSigningKey? _lastKey;

    private static byte[] SigningKey(string secretKey, string date, string region, string service)
    {
        var cached = Volatile.Read(ref _lastKey);
        if (cached is not null && cached.Matches(secretKey, date, region, service))
        {
            return cached.Key;
        }

        var derived = DeriveSigningKey(secretKey, date, region, service);
        Volatile.Write(ref _lastKey, new CachedSigningKey(secretKey, date, region, service, derived));
        return derived;
    }

    private static byte[] DeriveSigningKey(string secretKey, string date, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    internal static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    private sealed record CachedSigningKey(string SecretKey, string Date, string Region, string Service, byte[] Key)
    {
        public bool Matches(string secretKey, string date, string region, string service) =>
            string.Equals(SecretKey, secretKey, StringComparison.Ordinal) && string.Equals(Date, date, StringComparison.Ordinal)
            && string.Equals(Region, region, StringComparison.Ordinal) && string.Equals(Service, service, StringComparison.Ordinal);
    }
}
