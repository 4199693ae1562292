using SaasUsers.Data.Testing;
using SaasUsers.Data.Tests.SaasModel;
using Xunit;

namespace SaasUsers.Data.Tests.Correctness;

/// <summary>
/// Issue 13, defect 7 (and the e-mail half of defect 8): one mailbox is one account, whichever form of its domain a
/// user types (Unicode or IDNA ASCII, full-width or ASCII), and an address that is not Unicode text is refused
/// naming the argument.
/// </summary>
public sealed class EmailDomainNormalizationTests(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    [Theory]
    [InlineData("bücher.example", "xn--bcher-kva.example")]
    [InlineData("xn--bcher-kva.example", "BÜCHER.example")]
    [InlineData("ｅｘａｍｐｌｅ．ｃｏｍ", "example.com")]
    [InlineData("example.com", "ＥＸＡＭＰＬＥ.com")]
    [InlineData("例え。テスト", "xn--r8jz45g.xn--zckzah")]
    public async Task CreateAsync_SameMailboxWithAnotherFormOfTheDomain_IsRefusedAsDuplicateAndFoundByEither(string firstDomain, string secondDomain)
    {
        // Given: a user signed up with one form of the domain
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var local = "ada." + Guid.NewGuid().ToString("N")[..8];
        var first = await saas.Users.CreateAsync(new NewUser { Email = local + "@" + firstDomain }, cancellationToken);

        // When: the same mailbox signs up with the other form
        var error = await Assert.ThrowsAsync<DuplicateEmailException>(() => saas.Users.CreateAsync(new NewUser { Email = local + "@" + secondDomain }, cancellationToken));

        // Then: refused as the same address, stored in IDNA ASCII form, and found by either form
        Assert.Equal(first.NormalizedEmail, error.NormalizedEmail);
        Assert.DoesNotContain(first.NormalizedEmail, c => c > '\u007f');
        Assert.Equal(first.UserId, (await saas.Users.FindByEmailAsync(local + "@" + firstDomain, cancellationToken))?.UserId);
        Assert.Equal(first.UserId, (await saas.Users.FindByEmailAsync(local + "@" + secondDomain, cancellationToken))?.UserId);
        Assert.Single(await TableContents.InPartitionsAsync(table, ["EMAIL#" + first.NormalizedEmail], cancellationToken));
    }

    [Fact]
    public async Task ChangeEmailAsync_ToAnotherFormOfTheSameDomain_KeepsTheOneSentinel()
    {
        // Given
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var local = "grace." + Guid.NewGuid().ToString("N")[..8];
        var user = await saas.Users.CreateAsync(new NewUser { Email = local + "@bücher.example" }, cancellationToken);

        // When: the user retypes the address with the ASCII form of the domain
        var changed = await saas.Users.ChangeEmailAsync(user, local + "@xn--bcher-kva.example", cancellationToken);

        // Then: still the same normalized address, one sentinel naming the user
        Assert.Equal(user.NormalizedEmail, changed.NormalizedEmail);
        var sentinel = Assert.Single(await TableContents.InPartitionsAsync(table, ["EMAIL#" + user.NormalizedEmail], cancellationToken));
        Assert.Equal(user.UserId, sentinel["UserId"].S);
    }

    // Built in code: an attribute argument cannot hold an unpaired surrogate (metadata is UTF-8; it becomes U+FFFD).
    private static readonly Dictionary<string, (string Email, string Rule)> Unnormalizable = new(StringComparer.Ordinal)
    {
        ["high surrogate in the local part"] = ("ada" + (char)0xD800 + "@example.com", "valid Unicode"),
        ["low surrogate in the domain"] = ("ada@exam" + (char)0xDC00 + "ple.com", "valid Unicode"),
        ["domain starting with a combining mark"] = ("ada@\u0301bc.example", "IDNA"),
        ["empty punycode label"] = ("ada@xn--.example", "not a valid e-mail address"),
    };

    public static TheoryData<string> UnnormalizableCases => new(Unnormalizable.Keys);

    [Theory]
    [MemberData(nameof(UnnormalizableCases))]
    public async Task CreateAsync_AddressThatCannotBeNormalized_IsRefusedNamingEmailBeforeAnyRequest(string caseName)
    {
        // Given
        var (email, rule) = Unnormalizable[caseName];
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var before = await TableContents.SnapshotAsync(table, cancellationToken);
        saas.Log.Clear();

        // When
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => saas.Users.CreateAsync(new NewUser { Email = email }, cancellationToken));

        // Then: the property is named (not string.Normalize's "strInput"), the rule is stated, nothing is sent or written
        Assert.Equal(nameof(NewUser.Email), error.ParamName);
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
        Assert.Empty(saas.Log.Operations);
        Assert.Equal(before, await TableContents.SnapshotAsync(table, cancellationToken));
    }

    [Fact]
    public async Task FindByEmailAsync_AddressWithUnpairedSurrogate_NamesTheArgument()
    {
        await using var saas = SaasServices.Create(table);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => saas.Users.FindByEmailAsync("ada" + (char)0xDBFF + "@example.com", TestContext.Current.CancellationToken));
        Assert.Equal("email", error.ParamName);
        Assert.Empty(saas.Log.Operations);
    }
}
