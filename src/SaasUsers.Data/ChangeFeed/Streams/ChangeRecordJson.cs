using System.Globalization;
using System.Text.Json;

namespace SaasUsers.Data.ChangeFeed.Streams;

/// <summary>
/// Decodes one stream record from its JSON. The Streams API's <c>GetRecords</c> and a Lambda stream event carry
/// the same record with small differences, all handled here: Lambda's <c>userIdentity</c> members are camel case
/// (<c>type</c>, <c>principalId</c>) where the API's are Pascal case, and <c>ApproximateCreationDateTime</c> is epoch
/// seconds in both (the API may add a fraction).
/// </summary>
internal static class ChangeRecordJson
{
    public static StreamChangeRecord Read(JsonElement record, string path)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"Stream record JSON at {path}: expected an object.");
        }

        var eventName = Required(record, "eventName", path);
        var eventId = Optional(record, "eventID", path) ?? string.Empty;
        if (!TryGet(record, "dynamodb", out var body) || body.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"Stream record JSON at {path}: expected a 'dynamodb' object.");
        }

        var sequenceNumber = Required(body, "SequenceNumber", path + ".dynamodb");
        DateTimeOffset created = default;
        if (TryGet(body, "ApproximateCreationDateTime", out var time))
        {
            created = time.ValueKind switch
            {
                JsonValueKind.Number => DateTimeOffset.UnixEpoch.AddMilliseconds(Math.Round(time.GetDouble() * 1000)),
                JsonValueKind.String when double.TryParse(time.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) => DateTimeOffset.UnixEpoch.AddMilliseconds(Math.Round(s * 1000)),
                _ => throw new FormatException($"Stream record JSON at {path}.dynamodb.ApproximateCreationDateTime: expected epoch seconds."),
            };
        }

        var keys = TryGet(body, "Keys", out var k) ? DynamoJson.ReadItem(k, path + ".dynamodb.Keys") : new(StringComparer.Ordinal);
        var newImage = TryGet(body, "NewImage", out var n) ? DynamoJson.ReadItem(n, path + ".dynamodb.NewImage") : null;
        var oldImage = TryGet(body, "OldImage", out var o) ? DynamoJson.ReadItem(o, path + ".dynamodb.OldImage") : null;

        StreamUserIdentity? identity = null;
        if (TryGet(record, "userIdentity", out var user) && user.ValueKind == JsonValueKind.Object)
        {
            identity = new StreamUserIdentity(Optional(user, "type", path) ?? string.Empty, Optional(user, "principalId", path) ?? string.Empty);
        }

        return new StreamChangeRecord(eventId, eventName, sequenceNumber, created, keys, newImage, oldImage, identity);
    }

    // Property names compared without case: the two shapes differ only in case where they differ at all.
    private static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        if (element.TryGetProperty(name, out value))
        {
            return true;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        return false;
    }

    private static string Required(JsonElement element, string name, string path) =>
        Optional(element, name, path) ?? throw new FormatException($"Stream record JSON at {path}: '{name}' is missing.");

    private static string? Optional(JsonElement element, string name, string path)
    {
        if (!TryGet(element, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new FormatException($"Stream record JSON at {path}.{name}: expected a string.");
    }
}
