using SaasUsers.Data.Validation;
using Xunit;

namespace SaasUsers.Data.Tests.Validation;

public sealed class InputRulesTests
{
    [Theory]
    [InlineData("Ann@Example.COM", "ann@example.com")]
    [InlineData("  ann.lee+tag@sub.example.org ", "ann.lee+tag@sub.example.org")]
    [InlineData("ÅSA@EXAMPLE.SE", "åsa@example.se")]
    [InlineData("A\u030ASA@example.se", "åsa@example.se")]
    public void NormalizeEmail_OfValidAddress_TrimsComposesAndLowersCase(string email, string expected)
    {
        Assert.Equal(expected, InputRules.NormalizeEmail(email, "email"));
    }

    [Theory]
    [InlineData("plainaddress")]
    [InlineData("@example.com")]
    [InlineData("ann@")]
    [InlineData("ann@example")]
    [InlineData("ann@@example.com")]
    [InlineData("ann lee@example.com")]
    [InlineData("ann@exa mple.com")]
    [InlineData(".ann@example.com")]
    [InlineData("ann..lee@example.com")]
    [InlineData("ann@-example.com")]
    [InlineData("ann@example.c")]
    [InlineData("Ann <ann@example.com>")]
    public void NormalizeEmail_OfInvalidAddress_ThrowsNamingTheArgument(string email)
    {
        var error = Assert.Throws<ArgumentException>(() => InputRules.NormalizeEmail(email, "email"));

        Assert.Equal("email", error.ParamName);
        Assert.Contains("e-mail", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NormalizeEmail_OverMaxLength_Throws()
    {
        var email = new string('a', 64) + "@" + string.Join(".", Enumerable.Repeat(new string('b', 60), 4)) + ".com";

        var error = Assert.Throws<ArgumentException>(() => InputRules.NormalizeEmail(email, "email"));

        Assert.Contains("at most 254", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, typeof(ArgumentNullException))]
    [InlineData("", typeof(ArgumentException))]
    [InlineData("   ", typeof(ArgumentException))]
    [InlineData("user\u00e942", typeof(ArgumentException))]
    [InlineData("user\n42", typeof(ArgumentException))]
    [InlineData("user 42", typeof(ArgumentException))]
    public void Id_OfInvalidId_ThrowsTheExactType(string? id, Type expected)
    {
        var error = Assert.Throws(expected, () => InputRules.Id(id, "userId"));

        Assert.Equal("userId", ((ArgumentException)error).ParamName);
    }

    [Theory]
    [InlineData("user#42")]
    [InlineData("auth0|5f7c8ec7c33c6c004bbafe82")]
    [InlineData("https://accounts.example.com/u/42")]
    public void Id_OfIdentityProviderSubject_IsValid(string id) => Assert.Equal(id, InputRules.Id(id, "userId"));

    [Fact]
    public void Id_OverMaxLength_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => InputRules.Id(new string('a', 256), "userId"));

        Assert.Contains("at most 255", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eur", "EUR")]
    [InlineData("USD", "USD")]
    [InlineData("jpy", "JPY")]
    public void Currency_OfKnownCode_ReturnsUpperCase(string code, string expected)
    {
        Assert.Equal(expected, InputRules.Currency(code, "Currency"));
    }

    [Theory]
    [InlineData("EURO")]
    [InlineData("XXX")]
    [InlineData("ABC")]
    [InlineData("")]
    public void Currency_OfUnknownCode_Throws(string code)
    {
        var error = Assert.Throws<ArgumentException>(() => InputRules.Currency(code, "Currency"));

        Assert.Equal("Currency", error.ParamName);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    [InlineData(1_000_000_000_000_000)]
    public void Amount_OutOfRange_ThrowsOutOfRange(long amount)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => InputRules.Amount(amount, "AmountMinor"));

        Assert.Equal("AmountMinor", error.ParamName);
    }

    [Fact]
    public void Defined_OfUndefinedEnumValue_ThrowsOutOfRange()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => InputRules.Defined((SubscriptionStatus)42, "Status"));

        Assert.Equal("Status", error.ParamName);
    }

    [Fact]
    public void Metadata_WithControlCharacters_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => InputRules.Metadata(new Dictionary<string, string> { ["plan"] = "a\u0000b" }, "Metadata"));

        Assert.Equal("Metadata", error.ParamName);
    }

    [Fact]
    public void Metadata_WithTooManyEntries_Throws()
    {
        var metadata = Enumerable.Range(0, 51).ToDictionary(i => "k" + i, i => "v");

        var error = Assert.Throws<ArgumentException>(() => InputRules.Metadata(metadata, "Metadata"));

        Assert.Contains("at most 50", error.Message, StringComparison.Ordinal);
    }
}
