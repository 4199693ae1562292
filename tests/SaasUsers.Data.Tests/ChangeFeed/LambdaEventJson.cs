using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data.Tests.ChangeFeed;

/// <summary>
/// Writes stream records as the event a Lambda function gets from a DynamoDB stream event source: camel-case
/// record members, <c>dynamodb</c> with epoch-second <c>ApproximateCreationDateTime</c>, images in DynamoDB JSON,
/// <c>userIdentity</c> with <c>type</c>/<c>principalId</c>.
/// </summary>
internal static class LambdaEventJson
{
    public static string Of(IEnumerable<StreamChangeRecord> records)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartArray("Records");
            foreach (var record in records)
            {
                json.WriteStartObject();
                json.WriteString("eventID", record.EventId);
                json.WriteString("eventName", record.EventName);
                json.WriteString("eventVersion", "1.1");
                json.WriteString("eventSource", "aws:dynamodb");
                json.WriteString("awsRegion", "us-east-1");
                json.WriteStartObject("dynamodb");
                json.WriteNumber("ApproximateCreationDateTime", record.ApproximateCreationTime.ToUnixTimeSeconds());
                WriteItem(json, "Keys", record.Keys);
                if (record.NewImage is not null)
                {
                    WriteItem(json, "NewImage", record.NewImage);
                }

                if (record.OldImage is not null)
                {
                    WriteItem(json, "OldImage", record.OldImage);
                }

                json.WriteString("SequenceNumber", record.SequenceNumber);
                json.WriteNumber("SizeBytes", 100);
                json.WriteString("StreamViewType", "NEW_AND_OLD_IMAGES");
                json.WriteEndObject();
                if (record.UserIdentity is { } identity)
                {
                    json.WriteStartObject("userIdentity");
                    json.WriteString("type", identity.Type);
                    json.WriteString("principalId", identity.PrincipalId);
                    json.WriteEndObject();
                }

                json.WriteString("eventSourceARN", "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2026-12-01T00:00:00.000");
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteItem(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, AttributeValue> item)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in item)
        {
            json.WritePropertyName(key);
            WriteValue(json, value);
        }

        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, AttributeValue value)
    {
        json.WriteStartObject();
        if (value.S is not null) json.WriteString("S", value.S);
        else if (value.N is not null) json.WriteString("N", value.N);
        else if (value.B is not null) json.WriteBase64String("B", value.B.ToArray());
        else if (value.BOOL is not null) json.WriteBoolean("BOOL", value.BOOL.Value);
        else if (value.NULL is true) json.WriteBoolean("NULL", true);
        else if (value.M is not null) { json.WritePropertyName("M"); json.WriteStartObject(); foreach (var (k, v) in value.M) { json.WritePropertyName(k); WriteValue(json, v); } json.WriteEndObject(); }
        else if (value.L is not null) { json.WriteStartArray("L"); foreach (var v in value.L) WriteValue(json, v); json.WriteEndArray(); }
        else if (value.SS is not null) { json.WriteStartArray("SS"); foreach (var v in value.SS) json.WriteStringValue(v); json.WriteEndArray(); }
        else if (value.NS is not null) { json.WriteStartArray("NS"); foreach (var v in value.NS) json.WriteStringValue(v); json.WriteEndArray(); }
        else throw new InvalidOperationException("An attribute value with no type.");
        json.WriteEndObject();
    }
}
