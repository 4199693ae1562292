using System.Text;
using SaasUsers.Data.Http.Signing;
using Xunit;

namespace SaasUsers.Data.Tests.ChangeFeed;

/// <summary>
/// The signer against AWS's published Signature Version 4 test suite (credentials AKIDEXAMPLE, region us-east-1,
/// service "service", 2015-08-30T12:36:00Z). DynamoDB Local does not check signatures, so these vectors are what
/// proves the signature AWS will check.
/// </summary>
public sealed class SigV4SignerTests
{
    private static readonly SigningCredentials Credentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
    private static readonly DateTimeOffset SigningTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);
    private const string Scope = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";

    [Theory]
    [InlineData("get-vanilla", "GET", "/", null, null, "host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")]
    [InlineData("post-vanilla", "POST", "/", null, null, "host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")]
    [InlineData("get-vanilla-query-order-key-case", "GET", "/?Param2=value2&Param1=value1", null, null, "host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")]
    [InlineData("post-header-value-case", "POST", "/", "My-Header1:VALUE1", null, "host;my-header1;x-amz-date", "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d")]
    [InlineData("get-header-value-trim", "GET", "/", "My-Header1: value1|My-Header2: \"a   b   c\"", null, "host;my-header1;my-header2;x-amz-date", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736")]
    [InlineData("get-unreserved", "GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", null, null, "host;x-amz-date", "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f")]
    [InlineData("post-x-www-form-urlencoded", "POST", "/", "Content-Type:application/x-www-form-urlencoded", "Param1=value1", "content-type;host;x-amz-date", "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a")]
    public void Sign_SuiteRequest_GivesThePublishedAuthorization(string name, string method, string pathAndQuery, string? headers, string? body, string signedHeaders, string signature)
    {
        // Given the suite's request
        using var request = new HttpRequestMessage(new HttpMethod(method), "https://example.amazonaws.com" + pathAndQuery);
        var bytes = Encoding.UTF8.GetBytes(body ?? string.Empty);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(bytes);
        }

        foreach (var header in (headers ?? string.Empty).Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            var (key, value) = (header[..colon], header[(colon + 1)..]);
            if (key == "Content-Type")
            {
                request.Content ??= new ByteArrayContent(bytes);
                request.Content.Headers.Remove("Content-Type");
                request.Content.Headers.TryAddWithoutValidation(key, value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(key, value);
            }
        }

        // When it is signed
        SigV4Signer.Sign(request, bytes, Credentials, "us-east-1", "service", SigningTime);

        // Then the Authorization header is the suite's, byte for byte
        Assert.Equal(
            $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders={signedHeaders}, Signature={signature}",
            request.Headers.GetValues("Authorization").Single());
        Assert.Equal("20150830T123600Z", request.Headers.GetValues("X-Amz-Date").Single());
        Assert.NotNull(name);
    }

    [Fact]
    public void Sign_PostVanilla_CanonicalRequestAndStringToSignAreTheSuites()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://example.amazonaws.com/");
        SigV4Signer.Sign(request, [], Credentials, "us-east-1", "service", SigningTime);

        var headers = SigV4Signer.CanonicalHeaders(request);
        var canonical = SigV4Signer.CanonicalRequest("POST", request.RequestUri!, headers, "host;x-amz-date", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

        Assert.Equal("POST\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", canonical);
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87",
            SigV4Signer.StringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request", canonical));
    }

    [Fact]
    public void Sign_TemporaryCredentials_SignsTheSessionToken()
    {
        // post-sts-header-before: the token is added before signing, so it is a signed header.
        const string token = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://example.amazonaws.com/");

        SigV4Signer.Sign(request, [], Credentials with { SessionToken = token }, "us-east-1", "service", SigningTime);

        Assert.Equal(
            $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead",
            request.Headers.GetValues("Authorization").Single());
        Assert.Equal(token, request.Headers.GetValues("X-Amz-Security-Token").Single());
    }

    [Fact]
    public void SigningCredentials_ToString_HidesTheSecrets()
    {
        var text = (Credentials with { SessionToken = "token-value" }).ToString();
        Assert.DoesNotContain(Credentials.SecretKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain("token-value", text, StringComparison.Ordinal);
    }
}
