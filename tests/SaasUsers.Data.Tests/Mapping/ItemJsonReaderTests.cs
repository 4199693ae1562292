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
