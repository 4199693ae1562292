using Amazon.DynamoDBv2.Model;
using Xunit;

namespace SaasUsers.Data.Tests.Repositories;

public sealed class ItemSizeTests
{
    [Fact]
    public void Measure_CountsNamesAndValuesInUtf8Bytes()
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["PK"] = new() { S = "USER#1" },
            ["Name"] = new() { S = "Åsa" },
            ["Flag"] = new() { BOOL = true },
        };

        Assert.Equal((2 + 6) + (4 + 4) + (4 + 1), ItemSize.Measure(item));
    }

    [Fact]
    public void EnsureWithinLimit_OfItemOver400KB_ThrowsNamingTheLimit()
    {
        var item = new Dictionary<string, AttributeValue> { ["Blob"] = new() { S = new string('x', 400 * 1024) } };

        var error = Assert.Throws<ArgumentException>(() => ItemSize.EnsureWithinLimit(item, "User", "entity"));

        Assert.Equal("entity", error.ParamName);
        Assert.Contains("400 KB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureWithinLimit_OfItemJustUnderTheLimit_Passes()
    {
        var item = new Dictionary<string, AttributeValue> { ["B"] = new() { S = new string('x', (400 * 1024) - 1) } };

        ItemSize.EnsureWithinLimit(item, "User", "entity");
    }
}
