namespace SaasUsers.Data;

/// <summary>An amount of money: an integer amount in the currency's minor unit (cents) and its ISO-4217 code.</summary>
/// <param name="AmountMinor">The amount in minor units, for example 1999 for 19.99.</param>
/// <param name="Currency">The ISO-4217 currency code, upper case, for example <c>EUR</c>.</param>
[DynamoDocument]
public sealed partial record Money(long AmountMinor, string Currency)
{
    /// <summary>Formats the amount in major units with the currency's minor-unit digits, for example <c>19.99 EUR</c> or <c>500 JPY</c>.</summary>
    public override string ToString()
    {
        var digits = Validation.IsoCurrencies.MinorUnitDigits(Currency);
        var major = AmountMinor / (decimal)Math.Pow(10, digits);
        return major.ToString("F" + digits.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture) + " " + Currency;
    }
}
