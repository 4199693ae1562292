using System.Security.Cryptography;

namespace SaasUsers.Data.Testing;

/// <summary>Fresh table names for tests, so test classes (and test runs) never share a table.</summary>
public static class TestTableNames
{
    private const int MaxHintLength = 48;

    /// <summary>
    /// A fresh table name <c>t-&lt;hint&gt;-&lt;8 hex digits&gt;</c>: the hint (for example the test class) reduced to
    /// DynamoDB's table name characters <c>[a-zA-Z0-9_.-]</c> and at most 48 of them, so the name stays within 3..255.
    /// </summary>
    /// <param name="hint">What the table is for, such as the test class name.</param>
    /// <returns>The name.</returns>
    public static string New(string? hint)
    {
        var chars = (hint ?? string.Empty)
            .Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '-')
            .Take(MaxHintLength)
            .ToArray();
        var cleaned = new string(chars).Trim('-', '.');
        var random = Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
        return cleaned.Length == 0 ? $"t-{random}" : $"t-{cleaned}-{random}";
    }
}
