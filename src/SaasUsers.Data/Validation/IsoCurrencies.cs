namespace SaasUsers.Data.Validation;

/// <summary>
/// The ISO-4217 currency codes in use (as of 2026), with the number of digits of their minor unit. Fund codes,
/// precious metals and test codes are left out: no checkout charges them.
/// </summary>
internal static class IsoCurrencies
{
    private static readonly Dictionary<string, int> MinorDigits = Build();

    /// <summary>Whether <paramref name="code"/> (upper case) is a known currency.</summary>
    public static bool IsKnown(string code) => MinorDigits.ContainsKey(code);

    /// <summary>How many digits the currency's minor unit has (2 for EUR, 0 for JPY, 3 for KWD).</summary>
    public static int MinorUnitDigits(string code) => MinorDigits.TryGetValue(code, out var digits) ? digits : 2;

    private static Dictionary<string, int> Build()
    {
        const string twoDigits =
            "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CNY COP " +
            "CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR " +
            "IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN " +
            "NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP " +
            "STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG";
        const string zeroDigits = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF";
        const string threeDigits = "BHD IQD JOD KWD LYD OMR TND";

        var table = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (codes, digits) in new[] { (twoDigits, 2), (zeroDigits, 0), (threeDigits, 3) })
        {
            foreach (var code in codes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                table.Add(code, digits);
            }
        }

        return table;
    }
}
