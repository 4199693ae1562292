using System.Buffers;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data;

/// <summary>
/// Writes the SDK's <see cref="GetItemRequest"/>, <see cref="QueryRequest"/> and <see cref="BatchGetItemRequest"/>
/// as DynamoDB's JSON request bodies, for the direct read path: the table builds its requests once, in the SDK's
/// types, whichever path sends them.
/// </summary>
internal static class ReadRequestJson
{
    public static ReadOnlyMemory<byte> GetItem(GetItemRequest request) => Write(request, static (writer, r) =>
    {
        writer.WriteString("TableName", r.TableName);
        writer.WritePropertyName("Key");
        DynamoDbJson.WriteMap(writer, r.Key);
        WriteCommon(writer, r.ConsistentRead, r.ReturnConsumedCapacity);
    });

    public static ReadOnlyMemory<byte> Query(QueryRequest request) => Write(request, static (writer, r) =>
    {
        writer.WriteString("TableName", r.TableName);
        if (r.IndexName is { } index)
        {
            writer.WriteString("IndexName", index);
        }

        writer.WriteString("KeyConditionExpression", r.KeyConditionExpression);
        if (r.ExpressionAttributeNames is { Count: > 0 } names)
        {
            writer.WriteStartObject("ExpressionAttributeNames");
            foreach (var (placeholder, name) in names)
            {
                writer.WriteString(placeholder, name);
            }

            writer.WriteEndObject();
        }

        if (r.ExpressionAttributeValues is { Count: > 0 } values)
        {
            writer.WritePropertyName("ExpressionAttributeValues");
            DynamoDbJson.WriteMap(writer, values);
        }

        if (r.ExclusiveStartKey is { Count: > 0 } start)
        {
            writer.WritePropertyName("ExclusiveStartKey");
            DynamoDbJson.WriteMap(writer, start);
        }

        if (r.Limit is { } limit)
        {
            writer.WriteNumber("Limit", limit);
        }

        if (r.ScanIndexForward is { } forward)
        {
            writer.WriteBoolean("ScanIndexForward", forward);
        }

        WriteCommon(writer, r.ConsistentRead, r.ReturnConsumedCapacity);
    });

    public static ReadOnlyMemory<byte> BatchGetItem(BatchGetItemRequest request) => Write(request, static (writer, r) =>
    {
        writer.WriteStartObject("RequestItems");
        foreach (var (table, keys) in r.RequestItems)
        {
            writer.WriteStartObject(table);
            writer.WriteStartArray("Keys");
            foreach (var key in keys.Keys)
            {
                DynamoDbJson.WriteMap(writer, key);
            }

            writer.WriteEndArray();
            if (keys.ConsistentRead is { } consistent)
            {
                writer.WriteBoolean("ConsistentRead", consistent);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        WriteCommon(writer, null, r.ReturnConsumedCapacity);
    });

    private static void WriteCommon(Utf8JsonWriter writer, bool? consistentRead, Amazon.DynamoDBv2.ReturnConsumedCapacity? capacity)
    {
        if (consistentRead is { } consistent)
        {
            writer.WriteBoolean("ConsistentRead", consistent);
        }

        if (capacity is not null)
        {
            writer.WriteString("ReturnConsumedCapacity", capacity.Value);
        }
    }

    private static ReadOnlyMemory<byte> Write<TRequest>(TRequest request, Action<Utf8JsonWriter, TRequest> writeMembers)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeMembers(writer, request);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }
}
