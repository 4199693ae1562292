// Linked into both the generator and the runtime library (see KeyTemplateSyntax.cs). No usings.
namespace SaasUsers.Data.Shared;

/// <summary>The attribute names the table reserves for keys, the entity type and the write token, which no property may be stored as.</summary>
internal static class ReservedAttributeNames
{
    /// <summary>The largest index number; DynamoDB allows 20 global secondary indexes a table.</summary>
    public const int MaxIndexNumber = 20;

    /// <summary>Whether <paramref name="attributeName"/> is <c>PK</c>, <c>SK</c>, <c>_type</c> (the entity type), <c>_wt</c> (the write token), or <c>GSI{n}PK</c> / <c>GSI{n}SK</c> for n in 1..20.</summary>
    public static bool IsReserved(string attributeName)
    {
        if (attributeName is "PK" or "SK" or "_type" or "_wt")
        {
            return true;
        }

        if (attributeName.Length is < 6 or > 7 || !attributeName.StartsWith("GSI", System.StringComparison.Ordinal))
        {
            return false;
        }

        var suffix = attributeName.Substring(attributeName.Length - 2);
        if (suffix is not ("PK" or "SK"))
        {
            return false;
        }

        var number = attributeName.Substring(3, attributeName.Length - 5);
        return number[0] != '0'
            && int.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && n is >= 1 and <= MaxIndexNumber;
    }

#if NET
    /// <summary>
    /// <see cref="IsReserved(string)"/> for a name's UTF-8 bytes (as the direct read path meets them in a response body,
    /// without making a string of the name).
    /// </summary>
    public static bool IsReserved(System.ReadOnlySpan<byte> attributeName)
    {
        switch (attributeName.Length)
        {
            case 2:
                return (attributeName[0] == (byte)'P' || attributeName[0] == (byte)'S') && attributeName[1] == (byte)'K';
            case 3:
                return System.MemoryExtensions.SequenceEqual(attributeName, "_wt"u8);
            case 5:
                return System.MemoryExtensions.SequenceEqual(attributeName, "_type"u8);
            case 6:
            case 7:
                break;
            default:
                return false;
        }

        if (!System.MemoryExtensions.StartsWith(attributeName, "GSI"u8)
            || !(System.MemoryExtensions.EndsWith(attributeName, "PK"u8) || System.MemoryExtensions.EndsWith(attributeName, "SK"u8)))
        {
            return false;
        }

        var number = 0;
        var digits = attributeName.Slice(3, attributeName.Length - 5);
        if (digits[0] == (byte)'0')
        {
            return false;
        }

        foreach (var digit in digits)
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            number = (number * 10) + (digit - '0');
        }

        return number is >= 1 and <= MaxIndexNumber;
    }
#endif
}
