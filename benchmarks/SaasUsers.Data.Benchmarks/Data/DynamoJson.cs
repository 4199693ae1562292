using System.Text.Json;
using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data.Benchmarks.Data;

/// <summary>
/// Writes items in DynamoDB's JSON wire format (<c>{"Name":{"S":"..."}}</c>, numbers as strings), to make the
/// response bodies that <see cref="ReplayedDynamoDb"/> replays: what DynamoDB sends for a Query page, a GetItem or a BatchGetItem.
/// </summary>
public static class DynamoJson
{
    /// <summary>A Query response body with <paramref name="items"/>, as DynamoDB answers a page with no more items after it.</summary>
    public static byte[] QueryResponse(IReadOnlyList<Dictionary<string, AttributeValue>> items, double capacityUnits, string tableName) =>
        Write(writer =>
        {
            writer.WriteStartObject();
            WriteCapacity(writer, capacityUnits, tableName);
            writer.WriteNumber("Count", items.Count);
            writer.WriteStartArray("Items");
            foreach (var item in items)
            {
                WriteMap(writer, item);
            }

            writer.WriteEndArray();
            writer.WriteNumber("ScannedCount", items.Count);
            writer.WriteEndObject();
        });

    /// <summary>A GetItem response body with <paramref name="item"/>.</summary>
    public static byte[] GetItemResponse(Dictionary<string, AttributeValue> item, double capacityUnits, string tableName) =>
        Write(writer =>
        {
            writer.WriteStartObject();
            WriteCapacity(writer, capacityUnits, tableName);
            writer.WritePropertyName("Item");
            WriteMap(writer, item);
            writer.WriteEndObject();
        });

    /// <summary>A BatchGetItem response body with <paramref name="items"/> from one table and no keys left unprocessed.</summary>
    public static byte[] BatchGetItemResponse(IReadOnlyList<Dictionary<string, AttributeValue>> items, double capacityUnits, string tableName) =>
        Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("ConsumedCapacity");
            writer.WriteStartObject();
            writer.WriteNumber("CapacityUnits", capacityUnits);
            writer.WriteString("TableName", tableName);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteStartObject("Responses");
            writer.WriteStartArray(tableName);
            foreach (var item in items)
            {
                WriteMap(writer, item);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteStartObject("UnprocessedKeys");
            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return stream.ToArray();
    }

    private static void WriteCapacity(Utf8JsonWriter writer, double capacityUnits, string tableName)
    {
        writer.WriteStartObject("ConsumedCapacity");
        writer.WriteNumber("CapacityUnits", capacityUnits);
        writer.WriteString("TableName", tableName);
        writer.WriteEndObject();
    }

    private static void WriteMap(Utf8JsonWriter writer, Dictionary<string, AttributeValue> map)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in map)
        {
            writer.WritePropertyName(name);
            WriteValue(writer, value);
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, AttributeValue value)
    {
        writer.WriteStartObject();
        switch (value)
        {
            case { S: { } s }:
                writer.WriteString("S", s);
                break;
            case { N: { } n }:
                writer.WriteString("N", n);
                break;
            case { BOOL: { } b }:
                writer.WriteBoolean("BOOL", b);
                break;
            case { NULL: true }:
                writer.WriteBoolean("NULL", true);
                break;
            case { M: { } m }:
                writer.WritePropertyName("M");
                WriteMap(writer, m);
                break;
            case { L: { } l }:
                writer.WriteStartArray("L");
                foreach (var element in l)
                {
                    WriteValue(writer, element);
                }

                writer.WriteEndArray();
                break;
            case { SS: { } ss }:
                writer.WriteStartArray("SS");
                foreach (var element in ss)
                {
                    writer.WriteStringValue(element);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new NotSupportedException("The sample data holds no other attribute types.");
        }

        writer.WriteEndObject();
    }
}
