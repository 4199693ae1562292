using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Mapping;

namespace SaasUsers.Data;

/// <summary>
/// What the direct read path keeps of a <c>GetItem</c>, <c>Query</c> or <c>BatchGetItem</c> answer besides its
/// items (which went to a <see cref="JsonItemCollector"/>): the key to continue after, the keys left unprocessed,
/// and the consumed capacity.
/// </summary>
internal sealed class ReadResponse
{
    public Dictionary<string, AttributeValue>? LastEvaluatedKey { get; private set; }

    public List<Dictionary<string, AttributeValue>>? UnprocessedKeys { get; private set; }

    public ConsumedCapacity? ConsumedCapacity { get; private set; }

    /// <summary>
    /// Reads an answer body in one pass: <c>Item</c> (GetItem), <c>Items</c> (Query), <c>Responses</c> of
    /// <paramref name="tableName"/> (BatchGetItem) into <paramref name="items"/>; <c>LastEvaluatedKey</c>,
    /// <c>UnprocessedKeys</c> of <paramref name="tableName"/> and <c>ConsumedCapacity</c> (one or a list) here.
    /// Anything else is skipped.
    /// </summary>
    public static ReadResponse Read(ReadOnlySpan<byte> body, string tableName, JsonItemCollector items)
    {
        var response = new ReadResponse();
        var reader = new Utf8JsonReader(body);
        Expect(ref reader, JsonTokenType.StartObject);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("Item"u8))
            {
                Expect(ref reader, JsonTokenType.StartObject);
                items.Add(ref reader);
            }
            else if (reader.ValueTextEquals("Items"u8))
            {
                ReadItems(ref reader, items);
            }
            else if (reader.ValueTextEquals("Responses"u8))
            {
                Expect(ref reader, JsonTokenType.StartObject);
                while (Next(ref reader) == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals(tableName))
                    {
                        ReadItems(ref reader, items);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else if (reader.ValueTextEquals("LastEvaluatedKey"u8))
            {
                Expect(ref reader, JsonTokenType.StartObject);
                response.LastEvaluatedKey = ItemJsonReader.ReadAttributeMap(ref reader);
            }
            else if (reader.ValueTextEquals("UnprocessedKeys"u8))
            {
                response.UnprocessedKeys = ReadUnprocessedKeys(ref reader, tableName);
            }
            else if (reader.ValueTextEquals("ConsumedCapacity"u8))
            {
                response.ConsumedCapacity = ReadCapacity(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return response;
    }

    private static void ReadItems(ref Utf8JsonReader reader, JsonItemCollector items)
    {
        Expect(ref reader, JsonTokenType.StartArray);
        while (Next(ref reader) == JsonTokenType.StartObject)
        {
            items.Add(ref reader);
        }
    }

    // {"<table>": {"Keys": [ {...}, ... ], "ConsistentRead": true}}
    private static List<Dictionary<string, AttributeValue>>? ReadUnprocessedKeys(ref Utf8JsonReader reader, string tableName)
    {
        List<Dictionary<string, AttributeValue>>? keys = null;
        Expect(ref reader, JsonTokenType.StartObject);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals(tableName))
            {
                reader.Skip();
                continue;
            }

            Expect(ref reader, JsonTokenType.StartObject);
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                if (!reader.ValueTextEquals("Keys"u8))
                {
                    reader.Skip();
                    continue;
                }

                keys = [];
                Expect(ref reader, JsonTokenType.StartArray);
                while (Next(ref reader) == JsonTokenType.StartObject)
                {
                    keys.Add(ItemJsonReader.ReadAttributeMap(ref reader));
                }
            }
        }

        return keys;
    }

    // {"CapacityUnits": 0.5, "TableName": "..."} or a list of those (BatchGetItem): the total.
    private static ConsumedCapacity? ReadCapacity(ref Utf8JsonReader reader)
    {
        double? total = null;
        var token = Next(ref reader);
        if (token == JsonTokenType.StartArray)
        {
            while (Next(ref reader) == JsonTokenType.StartObject)
            {
                total = (total ?? 0) + (ReadUnits(ref reader) ?? 0);
            }
        }
        else if (token == JsonTokenType.StartObject)
        {
            total = ReadUnits(ref reader);
        }
        else
        {
            reader.Skip();
        }

        return total is { } units ? new ConsumedCapacity { CapacityUnits = units } : null;
    }

    private static double? ReadUnits(ref Utf8JsonReader reader)
    {
        double? units = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var isUnits = reader.ValueTextEquals("CapacityUnits"u8);
            Next(ref reader);
            if (isUnits && reader.TokenType == JsonTokenType.Number)
            {
                units = reader.GetDouble();
            }
            else
            {
                reader.Skip();
            }
        }

        return units;
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("The DynamoDB answer ended early.");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType expected)
    {
        if (Next(ref reader) != expected)
        {
            throw new JsonException($"The DynamoDB answer holds {reader.TokenType} where {expected} belongs.");
        }
    }
}
