using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Mapping;
using SaasUsers.Data.Tests.Mapping.Entities;
using SaasUsers.Data.Tests.Table;
using Xunit;

namespace SaasUsers.Data.Tests.Mapping;

/// <summary>
/// The generated <c>FromJson</c> and <see cref="ItemJsonReader"/> on JSON that DynamoDB itself does not send but a
/// JSON writer may (escaped names, type keys and values), and on values the SDK reads as empty: always what
/// <c>FromItem</c> makes of the SDK's reading of the same JSON.
/// </summary>
public sealed class ItemJsonReaderTests
{
    [Fact]
    public void FromJson_OfEscapedNamesTypeKeysAndValues_IsWhatFromItemReads()
    {
        // Given the full entity's item as JSON, with names, type keys, numbers, timestamps and GUIDs written escaped
        var json = Json(RichEntity.Mapper.ToItem(TestEntities.Full()))
            .Replace("\"Email\":", "\"\\u0045mail\":", StringComparison.Ordinal)
            .Replace("{\"N\":\"-12\"}", "{\"\\u004E\":\"\\u002D12\"}", StringComparison.Ordinal)
            .Replace("\"CreatedAt\":{\"S\":\"2026", "\"CreatedAt\":{\"S\":\"\\u0032026", StringComparison.Ordinal)
            .Replace("\"Reference\":{\"S\":\"0", "\"Reference\":{\"S\":\"\\u0030", StringComparison.Ordinal);
        Assert.Contains("\\u0045mail", json, StringComparison.Ordinal);
        Assert.Contains("\\u004E", json, StringComparison.Ordinal);
        Assert.Contains("\\u0032026", json, StringComparison.Ordinal);
        Assert.Contains("\\u00300", json, StringComparison.Ordinal);

        // When it is decoded straight from JSON, and through the SDK's attribute values
        var direct = Decode(json);
        var sdk = RichEntity.Mapper.FromItem(AttributeMap(json));

        // Then both are the same entity
        Assert.Equal(AttributeShape.Show(RichEntity.Mapper.ToItem(sdk)), AttributeShape.Show(RichEntity.Mapper.ToItem(direct)));
        Assert.Equal("zoe@example.com", direct.Email);
        Assert.Equal(-12, direct.Count);
    }

    [Theory]
    [InlineData("{}", "empty")]
    [InlineData("{\"NULL\":false}", "empty")]
    [InlineData("{\"FUTURE\":\"x\"}", "empty")]
    [InlineData("{\"N\":\"12\"}", "N")]
    public void FromJson_OfAValueTheSdkReadsAsNothingOrAnotherType_FailsAsFromItem(string value, string described)
    {
        var json = Json(RichEntity.Mapper.ToItem(TestEntities.Full()))
            .Replace("\"Nickname\":{\"S\":\"zo\"}", "\"Nickname\":" + value, StringComparison.Ordinal);
        Assert.Contains("\"Nickname\":" + value, json, StringComparison.Ordinal);

        var expected = Assert.Throws<EntityMappingException>(() => RichEntity.Mapper.FromItem(AttributeMap(json)));
        var actual = Assert.Throws<EntityMappingException>(() => Decode(json));

        Assert.Equal($"Attribute 'Nickname' was expected to be of DynamoDB type S but is {described}.", expected.Message);
        Assert.Equal(expected.Message, actual.Message);
    }

    [Fact]
    public void FromJson_OfEnumNamesWrittenEscapedAndAnAlias_IsWhatFromItemReads()
    {
        // Given enum names (a property, a list element, a map value) written with JSON escapes, and an alias
        var json = Json(RichEntity.Mapper.ToItem(TestEntities.Full()))
            .Replace("\"Status\":{\"S\":\"Active\"}", "\"Status\":{\"S\":\"\\u0041ctive\"}", StringComparison.Ordinal)
            .Replace("{\"S\":\"Pending\"}", "{\"S\":\"Pendin\\u0067\"}", StringComparison.Ordinal)
            .Replace("\"OptionalStatus\":{\"S\":\"Cancelled\"}", "\"OptionalStatus\":{\"S\":\"Paused\"}", StringComparison.Ordinal);
        Assert.Contains("\\u0041ctive", json, StringComparison.Ordinal);
        Assert.Contains("Pendin\\u0067", json, StringComparison.Ordinal);
        Assert.Contains("\"Paused\"", json, StringComparison.Ordinal);

        // When it is decoded straight from JSON, and through the SDK's attribute values
        var direct = Decode(json);
        var sdk = RichEntity.Mapper.FromItem(AttributeMap(json));

        // Then both read the same members
        Assert.Equal(AttributeShape.Show(RichEntity.Mapper.ToItem(sdk)), AttributeShape.Show(RichEntity.Mapper.ToItem(direct)));
        Assert.Equal(Status.Active, direct.Status);
        Assert.Equal(Status.Paused, direct.OptionalStatus);
        Assert.Equal(new[] { Status.Pending, Status.Active }, direct.StatusHistory);
        Assert.Equal(Status.Active, direct.StatusByRegion["eu"]);
    }

    [Theory]
    [InlineData("\"Status\":{\"S\":\"Active\"}", "\"Status\":{\"S\":\"active\"}")]
    [InlineData("{\"S\":\"Pending\"}", "{\"S\":\"Pending \"}")]
    [InlineData("\"eu\":{\"S\":\"Active\"}", "\"eu\":{\"S\":\"\u00c4ctive\"}")]
    public void FromJson_OfAnUnknownEnumName_FailsAsFromItem(string stored, string replacement)
    {
        var json = Json(RichEntity.Mapper.ToItem(TestEntities.Full())).Replace(stored, replacement, StringComparison.Ordinal);
        Assert.Contains(replacement, json, StringComparison.Ordinal);

        var expected = Assert.Throws<EntityMappingException>(() => RichEntity.Mapper.FromItem(AttributeMap(json)));
        var actual = Assert.Throws<EntityMappingException>(() => Decode(json));

        Assert.Contains("Status", expected.Message, StringComparison.Ordinal);
        Assert.Equal(expected.Message, actual.Message);
    }

    [Theory]
    [InlineData("{\"Email\":1}", "Email")]
    [InlineData("{\"\\u0045mail\":1}", "Email")]
    [InlineData("{\"Gr\u00fc\u00dfe\":1}", "Gr\u00fc\u00dfe")]
    [InlineData("{\"Gr\\u00fc\\u00dfe\":1}", "Gr\u00fc\u00dfe")]
    [InlineData("{\"\":1}", "")]
    public void AttributeName_IsTheNamesUnescapedUtf8(string json, string expected)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        reader.Read();

        Assert.Equal(Encoding.UTF8.GetBytes(expected), ItemJsonReader.AttributeName(ref reader).ToArray());
    }

    [Theory]
    [InlineData("{\"S\":\"Active\"}", true, "Active")]
    [InlineData("{\"S\":\"\\u0041ctive\"}", true, "Active")]
    [InlineData("{\"S\":\"\"}", true, "")]
    [InlineData("{\"NULL\":true}", false, "")]
    public void TryReadUtf8String_ReadsTheUnescapedBytes_AndNullAsAbsent(string value, bool present, string expected)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes("{\"a\":" + value + ",\"b\":{\"N\":\"1\"}}"));
        reader.Read();
        reader.Read();

        var read = ItemJsonReader.TryReadUtf8String(ref reader, "a", out var text);

        Assert.Equal(present, read);
        Assert.Equal(Encoding.UTF8.GetBytes(expected), text.ToArray());
        Assert.Equal(JsonTokenType.EndObject, reader.TokenType);
        Assert.True(ItemJsonReader.NextAttribute(ref reader));
        Assert.True(reader.ValueTextEquals("b"u8));
    }

    [Fact]
    public void TryReadUtf8String_OfANumber_FailsAsReadString()
    {
        var reader = new Utf8JsonReader("{\"a\":{\"N\":\"1\"}}"u8);
        reader.Read();
        reader.Read();
        EntityMappingException? actual = null;
        try
        {
            ItemJsonReader.TryReadUtf8String(ref reader, "a", out _);
        }
        catch (EntityMappingException exception)
        {
            actual = exception;
        }

        var expected = Assert.Throws<EntityMappingException>(() => AttributeValueConverter.ReadString(new AttributeValue { N = "1" }, "a"));
        Assert.Equal(expected.Message, Assert.IsType<EntityMappingException>(actual).Message);
    }

    [Fact]
    public void FromJson_StartedAfterTheReservedAttributesThatComeFirst_ReadsTheSameEntity()
    {
        // Given an item whose keys, index keys and _type come before everything else (as the library writes it)
        var item = RichEntity.Mapper.ToItem(TestEntities.Full());
        var json = Json(item);
        Assert.StartsWith("{\"PK\":", json, StringComparison.Ordinal);
        Assert.True(RichEntity.Mapper.CanStartJsonAfterReservedAttributes);

        // When it is decoded from the item's start, and from the end of its _type value
        var fromStart = Decode(json);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        while (reader.Read() && !reader.ValueTextEquals("_type"u8))
        {
            Assert.True(ItemAttributeNames.IsReserved(reader.ValueSpan));
            reader.Skip();
        }

        reader.Skip();
        var afterType = RichEntity.Mapper.FromJson(ref reader);

        // Then both are the entity, and the reader is left on the item's end
        Assert.Equal(AttributeShape.Show(RichEntity.Mapper.ToItem(fromStart)), AttributeShape.Show(RichEntity.Mapper.ToItem(afterType)));
        Assert.Equal(AttributeShape.Show(item), AttributeShape.Show(RichEntity.Mapper.ToItem(afterType)));
        Assert.Equal(JsonTokenType.EndObject, reader.TokenType);
        Assert.Equal(0, reader.CurrentDepth);
    }

    [Theory]
    [InlineData("PK", true)]
    [InlineData("SK", true)]
    [InlineData("_type", true)]
    [InlineData("_wt", true)]
    [InlineData("GSI1PK", true)]
    [InlineData("GSI20SK", true)]
    [InlineData("GSI21PK", false)]
    [InlineData("GSI0PK", false)]
    [InlineData("GSI01PK", false)]
    [InlineData("GSI1XK", false)]
    [InlineData("GSIxPK", false)]
    [InlineData("PKK", false)]
    [InlineData("pk", false)]
    [InlineData("Email", false)]
    [InlineData("", false)]
    public void ReservedAttributeNames_OfUtf8Names_AreThoseOfStrings(string name, bool reserved)
    {
        Assert.Equal(reserved, ItemAttributeNames.IsReserved(name));
        Assert.Equal(reserved, ItemAttributeNames.IsReserved(Encoding.UTF8.GetBytes(name)));
    }

    [Fact]
    public void ReadAttributeMap_ReadsEveryTypeAsTheSdkModel()
    {
        var json = "{\"s\":{\"S\":\"x\"},\"n\":{\"N\":\"1.50\"},\"b\":{\"B\":\"AAH/\"},\"t\":{\"BOOL\":true},\"z\":{\"NULL\":true},"
            + "\"m\":{\"M\":{\"k\":{\"L\":[]}}},\"l\":{\"L\":[{\"M\":{}},{\"SS\":[\"a\"]}]},\"ss\":{\"SS\":[\"b\",\"a\"]},"
            + "\"ns\":{\"NS\":[\"2\",\"1\"]},\"bs\":{\"BS\":[\"AQ==\"]},\"e\":{}}";

        var map = AttributeMap(json);

        Assert.Equal(
            "{b=B:AAH/, bs=BS:[AQ==], e=(empty), l=L:[M:{}, SS:[\"a\"]], m=M:{k=L:[]}, n=N:1.50, ns=NS:[2, 1], s=S:\"x\", ss=SS:[\"b\", \"a\"], t=BOOL:True, z=NULL:True}",
            AttributeShape.Show(map));
    }

    private static RichEntity Decode(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return RichEntity.Mapper.FromJson(ref reader);
    }

    private static Dictionary<string, AttributeValue> AttributeMap(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return ItemJsonReader.ReadAttributeMap(ref reader);
    }

    private static string Json(Dictionary<string, AttributeValue> item)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            DynamoDbJson.WriteMap(writer, item);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
