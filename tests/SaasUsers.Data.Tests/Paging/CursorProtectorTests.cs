using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Time.Testing;
using SaasUsers.Data.Paging;
using Xunit;

namespace SaasUsers.Data.Tests.Paging;

public sealed class CursorProtectorTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] OtherKey = Enumerable.Range(2, 32).Select(i => (byte)i).ToArray();

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Unprotect_OfProtectedKey_GivesTheSameKeyBack()
    {
        var protector = new CursorProtector(Key, TimeSpan.FromHours(1), _time);
        var lastKey = LastKey("USER#42", "PAY#2026-11-23T08:00:00.0000000Z#cs_1");
        lastKey["N"] = new AttributeValue { N = "12.5" };

        var cursor = protector.Protect(lastKey, "scope");
        var read = protector.Unprotect(cursor, "scope", "cursor");

        Assert.Equal(3, read.Count);
        Assert.Equal("USER#42", read["PK"].S);
        Assert.Equal("PAY#2026-11-23T08:00:00.0000000Z#cs_1", read["SK"].S);
        Assert.Equal("12.5", read["N"].N);
        Assert.DoesNotContain("USER", cursor, StringComparison.Ordinal);
    }

    [Fact]
    public void Unprotect_WithAnyByteChanged_ThrowsTampered()
    {
        var protector = new CursorProtector(Key, TimeSpan.FromHours(1), _time);
        var cursor = protector.Protect(LastKey("USER#42", "PAY#1"), "scope");
        var bytes = Convert.FromBase64String(ToBase64(cursor));

        for (var i = 0; i < bytes.Length; i++)
        {
            var changed = (byte[])bytes.Clone();
            changed[i] ^= 0x01;
            var tampered = Convert.ToBase64String(changed).TrimEnd('=').Replace('+', '-').Replace('/', '_');

            var error = Assert.Throws<InvalidCursorException>(() => protector.Unprotect(tampered, "scope", "cursor"));

            Assert.Equal(InvalidCursorReason.Tampered, error.Reason);
            Assert.Equal("cursor", error.ParamName);
        }
    }

    [Fact]
    public void Unprotect_SignedWithAnotherKey_ThrowsTampered()
    {
        var cursor = new CursorProtector(OtherKey, TimeSpan.FromHours(1), _time).Protect(LastKey("USER#42", "PAY#1"), "scope");

        var error = Assert.Throws<InvalidCursorException>(() => new CursorProtector(Key, TimeSpan.FromHours(1), _time).Unprotect(cursor, "scope", "cursor"));

        Assert.Equal(InvalidCursorReason.Tampered, error.Reason);
    }

    [Fact]
    public void Unprotect_ForAnotherScope_ThrowsForeignQuery()
    {
        var protector = new CursorProtector(Key, TimeSpan.FromHours(1), _time);
        var cursor = protector.Protect(LastKey("USER#42", "PAY#1"), "user 42 payments");

        var error = Assert.Throws<InvalidCursorException>(() => protector.Unprotect(cursor, "user 43 payments", "cursor"));

        Assert.Equal(InvalidCursorReason.ForeignQuery, error.Reason);
    }

    [Fact]
    public void Unprotect_AfterItsLifetime_ThrowsExpired()
    {
        var protector = new CursorProtector(Key, TimeSpan.FromMinutes(10), _time);
        var cursor = protector.Protect(LastKey("USER#42", "PAY#1"), "scope");
        _time.Advance(TimeSpan.FromMinutes(9));
        Assert.NotEmpty(protector.Unprotect(cursor, "scope", "cursor"));

        _time.Advance(TimeSpan.FromMinutes(2));
        var error = Assert.Throws<InvalidCursorException>(() => protector.Unprotect(cursor, "scope", "cursor"));

        Assert.Equal(InvalidCursorReason.Expired, error.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a cursor!")]
    [InlineData("eyJQSyI6eyJTIjoiVVNFUiM0MiJ9fQ")]
    [InlineData("AAAA")]
    public void Unprotect_OfTextThatIsNoCursor_ThrowsMalformedOrTampered(string text)
    {
        var protector = new CursorProtector(Key, TimeSpan.FromHours(1), _time);

        var error = Assert.Throws<InvalidCursorException>(() => protector.Unprotect(text, "scope", "cursor"));

        Assert.Contains(error.Reason, new[] { InvalidCursorReason.Malformed, InvalidCursorReason.Tampered });
    }

    [Fact]
    public void Constructor_WithShortKey_Throws()
    {
        Assert.Throws<ArgumentException>(() => new CursorProtector(new byte[16], TimeSpan.FromHours(1), _time));
    }

    private static Dictionary<string, AttributeValue> LastKey(string pk, string sk) => new()
    {
        ["PK"] = new AttributeValue { S = pk },
        ["SK"] = new AttributeValue { S = sk },
    };

    private static string ToBase64(string cursor)
    {
        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        return base64 + new string('=', (4 - (base64.Length % 4)) % 4);
    }
}
