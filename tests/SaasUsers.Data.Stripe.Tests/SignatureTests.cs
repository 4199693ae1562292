using System.Text;
using SaasUsers.Data.Stripe.Signatures;
using SaasUsers.Data.Stripe.Tests.Support;
using Stripe;

namespace SaasUsers.Data.Stripe.Tests;

/// <summary>Our signature check against Stripe.net's <c>EventUtility.ValidateSignature</c>, case by case.</summary>
public sealed class SignatureTests
{
    private const string OtherSecret = "whsec_other_0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_790_000_000);
    private static readonly string Payload = StripeEvents.Envelope("evt_sig", "customer.created", Now, StripeEvents.Customer("cus_sig", "u-1"));

    public static TheoryData<string, string> Headers() => new()
    {
        { "signed now", StripeEvents.Sign(Payload, Now) },
        { "signed 299 s ago", StripeEvents.Sign(Payload, Now.AddSeconds(-299)) },
        { "signed 301 s ago", StripeEvents.Sign(Payload, Now.AddSeconds(-301)) },
        { "signed an hour ago", StripeEvents.Sign(Payload, Now.AddHours(-1)) },
        { "signed 301 s ahead", StripeEvents.Sign(Payload, Now.AddSeconds(301)) },
        { "another secret", StripeEvents.Sign(Payload, Now, OtherSecret) },
        { "rotation: both secrets", StripeEvents.Sign(Payload, Now, OtherSecret, StripeEvents.Secret) },
        { "another body", StripeEvents.Sign(Payload + " ", Now) },
        { "v0 only", StripeEvents.Sign(Payload, Now).Replace("v1=", "v0=", StringComparison.Ordinal) },
        { "no timestamp", StripeEvents.Sign(Payload, Now)[(StripeEvents.Sign(Payload, Now).IndexOf(',', StringComparison.Ordinal) + 1)..] },
        { "garbage", "not a signature" },
        { "truncated v1", StripeEvents.Sign(Payload, Now)[..^2] },
        { "uppercase hex", "t=" + Now.ToUnixTimeSeconds() + ",v1=" + StripeEvents.Sign(Payload, Now).Split("v1=")[1].ToUpperInvariant() },
        { "spaces", StripeEvents.Sign(Payload, Now).Replace(",", ", ", StringComparison.Ordinal) },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void Verify_AgreesWithStripeNet(string name, string header)
    {
        var ours = new StripeSignatureVerifier([StripeEvents.Secret], TimeSpan.FromSeconds(300)).Verify(Encoding.UTF8.GetBytes(Payload), header, Now);

        bool stripeAccepts;
        try
        {
            EventUtility.ValidateSignature(Payload, header, StripeEvents.Secret, 300, Now.ToUnixTimeSeconds());
            stripeAccepts = true;
        }
        catch (StripeException)
        {
            stripeAccepts = false;
        }

        Assert.True(stripeAccepts == (ours == StripeSignatureCheck.Valid), $"{name}: Stripe.net {(stripeAccepts ? "accepts" : "refuses")}, we say {ours}.");
    }

    [Theory]
    [InlineData(0, nameof(StripeSignatureCheck.Valid))]
    [InlineData(-300, nameof(StripeSignatureCheck.Valid))]
    [InlineData(-301, nameof(StripeSignatureCheck.OutsideTolerance))]
    [InlineData(301, nameof(StripeSignatureCheck.OutsideTolerance))]
    public void Verify_ChecksTheToleranceBothWays(int offsetSeconds, string expected)
    {
        var header = StripeEvents.Sign(Payload, Now.AddSeconds(offsetSeconds));

        var check = new StripeSignatureVerifier([StripeEvents.Secret], TimeSpan.FromSeconds(300)).Verify(Encoding.UTF8.GetBytes(Payload), header, Now);

        Assert.Equal(expected, check.ToString());
    }

    [Theory]
    [InlineData(null, nameof(StripeSignatureCheck.Missing))]
    [InlineData("", nameof(StripeSignatureCheck.Missing))]
    [InlineData("t=1790000000", nameof(StripeSignatureCheck.Malformed))]
    [InlineData("v1=00", nameof(StripeSignatureCheck.Malformed))]
    [InlineData("t=abc,v1=0000000000000000000000000000000000000000000000000000000000000000", nameof(StripeSignatureCheck.Malformed))]
    [InlineData("t=1790000000,v1=0000000000000000000000000000000000000000000000000000000000000000", nameof(StripeSignatureCheck.Mismatch))]
    public void Verify_NamesWhatIsWrong(string? header, string expected)
    {
        var check = new StripeSignatureVerifier([StripeEvents.Secret], TimeSpan.FromSeconds(300)).Verify(Encoding.UTF8.GetBytes(Payload), header, Now);

        Assert.Equal(expected, check.ToString());
    }

    [Fact]
    public void Verify_AcceptsAnyConfiguredSecret_ForRotation()
    {
        var verifier = new StripeSignatureVerifier([OtherSecret, StripeEvents.Secret], TimeSpan.FromSeconds(300));

        Assert.Equal(StripeSignatureCheck.Valid, verifier.Verify(Encoding.UTF8.GetBytes(Payload), StripeEvents.Sign(Payload, Now, StripeEvents.Secret), Now));
        Assert.Equal(StripeSignatureCheck.Valid, verifier.Verify(Encoding.UTF8.GetBytes(Payload), StripeEvents.Sign(Payload, Now, OtherSecret), Now));
        Assert.Equal(StripeSignatureCheck.Mismatch, verifier.Verify(Encoding.UTF8.GetBytes(Payload), StripeEvents.Sign(Payload, Now, "whsec_third"), Now));
    }
}
