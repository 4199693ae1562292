namespace SaasUsers.Data.Generator.Parsing;

/// <summary>Which attribute names the table reserves; mirrors <c>ItemAttributeNames.IsReserved</c> at run time.</summary>
internal static class AttributeNameRules
{
    public const int MaxIndexNumber = 20;

    public static bool IsReserved(string attributeName)
    {
        if (attributeName is "PK" or "SK" or "_type" or "_wt")
        {
            return true;
        }

        // GSI{n}PK and GSI{n}SK for n in 1..20.
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
}
