using SaasUsers.Data.Mapping;
using SaasUsers.Data.Tests.Mapping.Entities;
using Xunit;

namespace SaasUsers.Data.Tests.Mapping;

/// <summary>
/// Property-based style checks over many generated ids: a value can never forge another key, escaping is
/// reversible, and values that are never meaningful in an id are rejected naming the property.
/// </summary>
public sealed class KeySafetyTests
{
    private const int Samples = 2000;

    // Delimiters, escape characters, escape-looking text, and multi-byte and surrogate-pair characters.
    private static readonly string[] Alphabet = ["#", "%", "%23", "%25", "a", "Z", "0", "-", "_", ":", " ", "é", "ß", "日", "本", "🎉", "👩‍💻", "\u00a0"];

    [Fact]
    public void Escape_AnyComponent_HoldsNoBareDelimiterAndUnescapesToTheOriginal()
    {
        foreach (var id in RandomIds(seed: 1))
        {
            var escaped = KeyComponent.Escape(id, "Id");

            Assert.DoesNotContain(KeyComponent.Delimiter, escaped);
            Assert.Equal(id, KeyComponent.Unescape(escaped));

            var partitionKey = RichEntity.CreatePartitionKey(id);
            Assert.Equal(2, partitionKey.Split(KeyComponent.Delimiter).Length);
            Assert.Equal(id, KeyComponent.Unescape(partitionKey["RICH#".Length..]));
        }
    }

    [Fact]
    public void CreateKey_DifferentIds_NeverGiveTheSameKey()
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in RandomIds(seed: 2).Distinct(StringComparer.Ordinal))
        {
            var key = RichEntity.CreatePartitionKey(id);
            Assert.True(owners.TryAdd(key, id), $"'{id}' and '{(owners.TryGetValue(key, out var other) ? other : "")}' share key '{key}'.");
        }
    }

    [Fact]
    public void CreateKey_DifferentComponentPairs_NeverGiveTheSameKey()
    {
        var ids = RandomIds(seed: 3).Take(300).ToArray();
        var owners = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < ids.Length; i += 2)
        {
            var pair = (ids[i], ids[i + 1]);
            var key = Membership.CreatePartitionKey(pair.Item1, pair.Item2);
            if (owners.TryGetValue(key, out var other))
            {
                Assert.Equal(other, pair);
            }

            owners[key] = pair;
        }

        // The classic forgery: moving a delimiter between components.
        Assert.NotEqual(Membership.CreatePartitionKey("a#b", "c"), Membership.CreatePartitionKey("a", "b#c"));
        Assert.NotEqual(Membership.CreatePartitionKey("a%23b", "c"), Membership.CreatePartitionKey("a#b", "c"));
    }

    [Fact]
    public void ToItem_Keys_UseTheSameEscapingAsCreateKey()
    {
        foreach (var id in RandomIds(seed: 4).Take(200))
        {
            var entity = TestEntities.Minimal(id);
            entity.Email = id + "@x";

            var item = RichEntity.Mapper.ToItem(entity);

            Assert.Equal(RichEntity.CreatePartitionKey(id), item["PK"].S);
            Assert.Equal(id, item["Id"].S);
            Assert.Equal("EMAIL#" + KeyComponent.Escape(id + "@x", "Email"), item["GSI1PK"].S);
            Assert.Equal(id, RichEntity.Mapper.FromItem(item).Id);
        }
    }

    [Fact]
    public void Escape_EveryAsciiCharacterAnywhere_IsKeptEscapedOrRejectedByTheRules()
    {
        // Short values (scalar path) and long ones (vectorized, the character in the tail too).
        var padding = new string('k', 40);
        for (var c = (char)0; c < 128; c++)
        {
            foreach (var value in new[] { c.ToString(), "id" + c + "42", c + "id", "id" + c, padding + c, c + padding, padding + c + padding })
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    Assert.Contains("must not be empty or whitespace", Assert.Throws<ArgumentException>(() => KeyComponent.Escape(value, "Id")).Message, StringComparison.Ordinal);
                }
                else if (char.IsControl(c))
                {
                    var error = Assert.Throws<ArgumentException>(() => KeyComponent.Escape(value, "Id"));
                    Assert.Equal("Id", error.ParamName);
                    Assert.Contains("must not contain control characters", error.Message, StringComparison.Ordinal);
                }
                else
                {
                    Assert.Equal(value.Replace("%", "%25", StringComparison.Ordinal).Replace("#", "%23", StringComparison.Ordinal), KeyComponent.Escape(value, "Id"));
                }
            }
        }
    }

    [Fact]
    public void Escape_SpacesAlone_AreRejectedButSpacesBesideOtherText_AreKept()
    {
        for (var length = 1; length <= 70; length++)
        {
            var spaces = new string(' ', length);
            Assert.Equal("Id", Assert.Throws<ArgumentException>(() => KeyComponent.Escape(spaces, "Id")).ParamName);
            Assert.Equal(spaces + "a", KeyComponent.Escape(spaces + "a", "Id"));
            Assert.Equal("a" + spaces, KeyComponent.Escape("a" + spaces, "Id"));
            Assert.Equal(spaces + "%23", KeyComponent.Escape(spaces + "#", "Id"));
            Assert.Equal(spaces + "é", KeyComponent.Escape(spaces + "é", "Id"));
        }

        Assert.Equal("Id", Assert.Throws<ArgumentException>(() => KeyComponent.Escape(" \u2003 ", "Id")).ParamName);
        Assert.Equal("Id", Assert.Throws<ArgumentException>(() => KeyComponent.Escape(string.Empty, "Id")).ParamName);
    }

    [Fact]
    public void ToItem_ComponentSharedBySparseIndexKeys_IsEscapedOnceForEachAndCheckedOnlyWhenAKeyIsWritten()
    {
        // Subscription.PaymentProvider is part of GSI2PK (with ProviderCustomerId) and GSI3PK (with ProviderSubscriptionId).
        var subscription = new Subscription
        {
            SubscriptionId = "sub_1",
            AccountKind = BillingAccount.UserKind,
            AccountId = "u1",
            PlanId = "pro",
            PaymentProvider = "str#pe",
            ProviderCustomerId = "cus_1",
            ProviderSubscriptionId = "sub_p1",
        };

        var both = Subscription.Mapper.ToItem(subscription);
        var customerOnly = Subscription.Mapper.ToItem(subscription with { ProviderSubscriptionId = null });
        var subscriptionOnly = Subscription.Mapper.ToItem(subscription with { ProviderCustomerId = null });

        Assert.Equal("CUSTOMER#str%23pe#cus_1", both["GSI2PK"].S);
        Assert.Equal("PROVIDERSUB#str%23pe#sub_p1", both["GSI3PK"].S);
        Assert.Equal("CUSTOMER#str%23pe#cus_1", customerOnly["GSI2PK"].S);
        Assert.False(customerOnly.ContainsKey("GSI3PK"));
        Assert.Equal("PROVIDERSUB#str%23pe#sub_p1", subscriptionOnly["GSI3PK"].S);
        Assert.False(subscriptionOnly.ContainsKey("GSI2PK"));
        Assert.Equal("str#pe", both["PaymentProvider"].S);

        // No index key written: the provider is not a key component of this item, so it is not checked (as before).
        var neither = subscription with { PaymentProvider = " ", ProviderCustomerId = null, ProviderSubscriptionId = null };
        Assert.Equal(" ", Subscription.Mapper.ToItem(neither)["PaymentProvider"].S);
        Assert.Equal("PaymentProvider", Assert.Throws<ArgumentException>(() => Subscription.Mapper.ToItem(neither with { ProviderSubscriptionId = "sub_p1" })).ParamName);
    }

    public static TheoryData<string> InvalidComponents =>
    [
        "",
        " ",
        "   ",
        "\t",
        "\u2003",
        "a\u0001b",
        "line\nbreak",
        "nul\0",
        "del\u007f",
    ];

    [Theory]
    [MemberData(nameof(InvalidComponents))]
    public void CreateKey_InvalidComponent_IsRejectedNamingTheProperty(string value)
    {
        var entity = TestEntities.Minimal(value);

        Assert.Equal("Id", Assert.ThrowsAny<ArgumentException>(() => RichEntity.Mapper.ToItem(entity)).ParamName);
        Assert.Equal("Id", Assert.ThrowsAny<ArgumentException>(() => RichEntity.Mapper.GetKey(entity)).ParamName);
        Assert.Equal("Id", Assert.ThrowsAny<ArgumentException>(() => RichEntity.CreateKey(value, TestEntities.Created, 1)).ParamName);
        Assert.Equal("Id", Assert.ThrowsAny<ArgumentException>(() => RichEntity.CreatePartitionKey(value)).ParamName);
        Assert.Equal("UserName", Assert.ThrowsAny<ArgumentException>(() => Membership.CreateKey("t", "eu", value)).ParamName);

        // A sparse index key that is present must be valid too.
        var withEmail = TestEntities.Minimal();
        withEmail.Email = value;
        Assert.Equal("Email", Assert.ThrowsAny<ArgumentException>(() => RichEntity.Mapper.ToItem(withEmail)).ParamName);
    }

    [Fact]
    public void CreateKey_UnpairedSurrogate_IsRejectedNamingTheProperty()
    {
        // Not theory data: test runners serialize theory arguments and may replace invalid UTF-16.
        foreach (var value in new[] { "\ud800", "a\udc00b", "\ud83c" + "x" })
        {
            var entity = TestEntities.Minimal(value);
            Assert.Equal("Id", Assert.ThrowsAny<ArgumentException>(() => RichEntity.Mapper.ToItem(entity)).ParamName);
            Assert.Equal("Id", Assert.ThrowsAny<ArgumentException>(() => RichEntity.CreatePartitionKey(value)).ParamName);
        }
    }

    [Fact]
    public void CreateKey_NullComponent_IsRejectedNamingTheProperty()
    {
        var error = Assert.Throws<ArgumentNullException>(() => RichEntity.CreatePartitionKey(null!));
        Assert.Equal("Id", error.ParamName);

        var entity = new Membership { TenantName = "t", Region = null!, UserName = "u" };
        Assert.Equal("Region", Assert.Throws<ArgumentNullException>(() => Membership.Mapper.ToItem(entity)).ParamName);
    }

    [Fact]
    public void CreateKey_LongerThanDynamoDbAllows_IsRejected()
    {
        var longId = new string('日', 700); // 2100 UTF-8 bytes

        Assert.Throws<ArgumentException>(() => RichEntity.CreatePartitionKey(longId));
        Assert.Throws<ArgumentException>(() => Membership.CreateKey("t", "eu", new string('x', 1020)));
    }

    private static IEnumerable<string> RandomIds(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Samples; i++)
        {
            var length = random.Next(1, 12);
            var parts = new string[length];
            for (var j = 0; j < length; j++)
            {
                parts[j] = Alphabet[random.Next(Alphabet.Length)];
            }

            var id = string.Concat(parts);

            // Whitespace-only ids are invalid; the invalid cases have their own test.
            yield return string.IsNullOrWhiteSpace(id) ? id + "x" : id;
        }
    }
}
