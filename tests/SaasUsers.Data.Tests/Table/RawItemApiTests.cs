using Amazon.DynamoDBv2.Model;
using Xunit;

namespace SaasUsers.Data.Tests.Table;

/// <summary>
/// The public helpers for items as stored, which the evolution tools use like any application's tool would:
/// <see cref="ItemSize.Measure"/>, <see cref="PrimaryKey.FromItem"/> and <see cref="PrimaryKey.ToAttributes()"/>.
/// </summary>
public sealed class RawItemApiTests
{
    [Fact]
    public void Measure_CountsNamesAndValuesAsDynamoDbDoes()
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["PK"] = new() { S = "USER#ü" },      // 2 + 7 (ü is two bytes in UTF-8)
            ["n"] = new() { N = "12345" },       // 1 + (5 + 1) / 2 + 1 = 5
            ["flag"] = new() { BOOL = true },    // 4 + 1
            ["tags"] = new() { SS = ["a", "bc"] }, // 4 + 3
            ["list"] = new() { L = [new() { S = "xy" }] }, // 4 + 3 + 1 + 2
        };

        Assert.Equal(9 + 5 + 5 + 7 + 10, ItemSize.Measure(item));
    }

    [Fact]
    public void Measure_ReadOnlyViewOfAnItem_MeasuresTheSame()
    {
        var item = new Dictionary<string, AttributeValue> { ["PK"] = new() { S = "A" }, ["SK"] = new() { S = "B" } };

        Assert.Equal(ItemSize.Measure(item), ItemSize.Measure(new System.Collections.ObjectModel.ReadOnlyDictionary<string, AttributeValue>(item)));
        Assert.Equal(6, ItemSize.Measure(item));
    }

    [Fact]
    public void Measure_Null_ThrowsNamingTheArgument()
    {
        var error = Assert.Throws<ArgumentNullException>(() => ItemSize.Measure(null!));
        Assert.Equal("item", error.ParamName);
    }

    [Fact]
    public void MaxItemBytes_IsDynamoDbsLimit()
    {
        Assert.Equal(400 * 1024, ItemSize.MaxItemBytes);
    }

    [Fact]
    public void FromItem_ItemWithStringKeys_IsItsPrimaryKey()
    {
        var item = new Dictionary<string, AttributeValue> { ["PK"] = new() { S = "USER#1" }, ["SK"] = new() { S = "USER" }, ["Name"] = new() { S = "Ada" } };

        Assert.Equal(new PrimaryKey("USER#1", "USER"), PrimaryKey.FromItem(item));
    }

    [Theory]
    [InlineData(null, "USER")]
    [InlineData("USER#1", null)]
    [InlineData("", "USER")]
    public void FromItem_ItemWithoutAStringKey_ThrowsNamingTheArgument(string? pk, string? sk)
    {
        var item = new Dictionary<string, AttributeValue>();
        if (pk is not null)
        {
            item["PK"] = new() { S = pk };
        }

        if (sk is not null)
        {
            item["SK"] = new() { S = sk };
        }

        var error = Assert.Throws<ArgumentException>(() => PrimaryKey.FromItem(item));
        Assert.Equal("item", error.ParamName);
    }

    [Fact]
    public void FromItem_NumberPartitionKey_IsRefused()
    {
        var item = new Dictionary<string, AttributeValue> { ["PK"] = new() { N = "1" }, ["SK"] = new() { S = "USER" } };

        Assert.Throws<ArgumentException>(() => PrimaryKey.FromItem(item));
    }

    [Fact]
    public void ToAttributes_IsTheKeyFromItemReadsBack()
    {
        var key = new PrimaryKey("USER#1", "SUB#2");

        var attributes = key.ToAttributes();

        Assert.Equal(["PK", "SK"], attributes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(key, PrimaryKey.FromItem(attributes));
    }

    [Fact]
    public void ToAttributes_IncompleteKey_ThrowsInvalidOperation()
    {
        Assert.Throws<InvalidOperationException>(() => default(PrimaryKey).ToAttributes());
        Assert.Throws<InvalidOperationException>(() => new PrimaryKey("USER#1", "").ToAttributes());
    }
}
