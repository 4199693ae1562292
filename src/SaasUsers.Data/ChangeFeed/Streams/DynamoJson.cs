using System.Text.Json;
using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data.ChangeFeed.Streams;

/// <summary>Reads DynamoDB's JSON encoding of attribute values (<c>{"S": "x"}</c>, <c>{"M": {...}}</c>, ...) into the SDK's <see cref="AttributeValue"/>.</summary>
internal static class DynamoJson
{
    public static Dictionary<string, AttributeValue> ReadItem(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(path, "an object of attributes");
        }

        var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            item[property.Name] = ReadValue(property.Value, path + "." + property.Name);
        }

        return item;
    }

    public static AttributeValue ReadValue(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(path, "an attribute value object");
        }

        using var members = element.EnumerateObject();
        if (!members.MoveNext())
        {
            // DynamoDB Local writes an empty map as {} rather than {"M": {}}.
            return new AttributeValue { M = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) };
        }

        var member = members.Current;
        var value = member.Value;
        return member.Name switch
        {
            "S" => new AttributeValue { S = String(value, path) },
            "N" => new AttributeValue { N = String(value, path) },
            "B" => new AttributeValue { B = new MemoryStream(Bytes(value, path)) },
            "BOOL" => new AttributeValue { BOOL = value.ValueKind == JsonValueKind.True ? true : value.ValueKind == JsonValueKind.False ? false : throw Invalid(path, "true or false") },
            "NULL" => new AttributeValue { NULL = true },
            "M" => new AttributeValue { M = ReadItem(value, path) },
            "L" => new AttributeValue { L = Array(value, path).Select((e, i) => ReadValue(e, $"{path}[{i}]")).ToList() },
            "SS" => new AttributeValue { SS = Array(value, path).Select(e => String(e, path)).ToList() },
            "NS" => new AttributeValue { NS = Array(value, path).Select(e => String(e, path)).ToList() },
            "BS" => new AttributeValue { BS = Array(value, path).Select(e => new MemoryStream(Bytes(e, path))).ToList() },
            _ => throw Invalid(path, "a known attribute type (S, N, B, BOOL, NULL, M, L, SS, NS, BS), not " + member.Name),
        };
    }

    private static string String(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw Invalid(path, "a string");

    private static byte[] Bytes(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.String && element.TryGetBytesFromBase64(out var bytes) ? bytes : throw Invalid(path, "base64 text");

    private static JsonElement.ArrayEnumerator Array(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : throw Invalid(path, "an array");

    private static FormatException Invalid(string path, string expected) => new($"Stream record JSON at {path}: expected {expected}.");
}
