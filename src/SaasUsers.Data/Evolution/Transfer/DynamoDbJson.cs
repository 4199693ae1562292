using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data;

/// <summary>
/// DynamoDB's own JSON for items, as its export to S3 writes it: one <c>{"Item": {...}}</c> a line, each value an
/// object with one type key (<c>S</c>, <c>N</c>, <c>B</c>, <c>BOOL</c>, <c>NULL</c>, <c>L</c>, <c>M</c>, <c>SS</c>,
/// <c>NS</c>, <c>BS</c>); numbers as strings, binary as base64. Written with <see cref="Utf8JsonWriter"/> and read
/// with <see cref="JsonDocument"/>: no reflection.
/// </summary>
internal static partial class DynamoDbJson
{
    private const int MaxNumberDigits = 38;

    /// <summary>Writes one line, newline included.</summary>
    public static void WriteLine(Utf8JsonWriter writer, Dictionary<string, AttributeValue> item)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("Item");
        WriteMap(writer, item);
        writer.WriteEndObject();
        writer.Flush();
    }

    internal static void WriteMap(Utf8JsonWriter writer, Dictionary<string, AttributeValue> map)
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
        if (value.S is not null)
        {
            writer.WriteString("S", value.S);
        }
        else if (value.N is not null)
        {
            writer.WriteString("N", value.N);
        }
        else if (value.B is not null)
        {
            writer.WriteString("B", Convert.ToBase64String(value.B.ToArray()));
        }
        else if (value.BOOL is not null)
        {
            writer.WriteBoolean("BOOL", value.BOOL.Value);
        }
        else if (value.NULL is not null)
        {
            writer.WriteBoolean("NULL", true);
        }
        else if (value.M is not null)
        {
            writer.WritePropertyName("M");
            WriteMap(writer, value.M);
        }
        else if (value.L is not null)
        {
            writer.WritePropertyName("L");
            writer.WriteStartArray();
            foreach (var element in value.L)
            {
                WriteValue(writer, element);
            }

            writer.WriteEndArray();
        }
        else if (value.SS is { Count: > 0 })
        {
            WriteStrings(writer, "SS", value.SS);
        }
        else if (value.NS is { Count: > 0 })
        {
            WriteStrings(writer, "NS", value.NS);
        }
        else if (value.BS is { Count: > 0 })
        {
            WriteStrings(writer, "BS", value.BS.Select(b => Convert.ToBase64String(b.ToArray())));
        }
        else
        {
            // An empty map/list the SDK cannot tell apart: DynamoDB returns empty maps as M.
            writer.WritePropertyName("M");
            writer.WriteStartObject();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string type, IEnumerable<string> values)
    {
        writer.WritePropertyName(type);
        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    /// <summary>Reads one line; <paramref name="error"/> says what is wrong when it is not an item in DynamoDB's export format.</summary>
    public static bool TryParseLine(string line, out Dictionary<string, AttributeValue> item, out string? error)
    {
        item = null!;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException exception)
        {
            error = "not JSON: " + exception.Message;
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Item", out var itemElement) || root.EnumerateObject().Count() != 1)
            {
                error = "expected {\"Item\": {...}}, one object with the single property \"Item\", as DynamoDB's export writes each line";
                return false;
            }

            if (!TryReadMap(itemElement, "Item", out item, out error))
            {
                return false;
            }
        }

        foreach (var (name, limit) in new[] { (ItemAttributeNames.PartitionKey, Mapping.KeyComponent.MaxPartitionKeyBytes), (ItemAttributeNames.SortKey, Mapping.KeyComponent.MaxSortKeyBytes) })
        {
            if (!item.TryGetValue(name, out var key) || string.IsNullOrEmpty(key.S))
            {
                error = $"the item has no string {name}: every item of the table has string keys PK and SK";
                return false;
            }

            if (Encoding.UTF8.GetByteCount(key.S) > limit)
            {
                error = $"{name} is longer than DynamoDB allows ({limit} bytes)";
                return false;
            }
        }

        var size = ItemSize.Measure(item);
        if (size > ItemSize.MaxItemBytes)
        {
            error = $"the item is {size:N0} bytes; DynamoDB allows at most {ItemSize.MaxItemBytes:N0} (400 KB)";
            return false;
        }

        error = null;
        return true;
    }

    private static bool TryReadMap(JsonElement element, string path, out Dictionary<string, AttributeValue> map, out string? error)
    {
        map = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = $"{path} must be an object of attributes";
            return false;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Length == 0)
            {
                error = $"{path} has an attribute with an empty name";
                return false;
            }

            if (!TryReadValue(property.Value, path + "." + property.Name, out var value, out error))
            {
                return false;
            }

            map[property.Name] = value;
        }

        error = null;
        return true;
    }

    private static bool TryReadValue(JsonElement element, string path, out AttributeValue value, out string? error)
    {
        value = null!;
        if (element.ValueKind != JsonValueKind.Object || element.EnumerateObject().Count() != 1)
        {
            error = $"{path} must be an object with one type key (S, N, B, BOOL, NULL, L, M, SS, NS or BS)";
            return false;
        }

        var typed = element.EnumerateObject().First();
        var content = typed.Value;
        error = null;
        switch (typed.Name)
        {
            case "S" when content.ValueKind == JsonValueKind.String:
                value = new AttributeValue { S = content.GetString() };
                return true;
            case "N" when content.ValueKind == JsonValueKind.String && IsNumber(content.GetString()!):
                value = new AttributeValue { N = content.GetString() };
                return true;
            case "B" when content.ValueKind == JsonValueKind.String && TryBase64(content.GetString()!, out var bytes):
                value = new AttributeValue { B = new MemoryStream(bytes) };
                return true;
            case "BOOL" when content.ValueKind is JsonValueKind.True or JsonValueKind.False:
                value = new AttributeValue { BOOL = content.GetBoolean() };
                return true;
            case "NULL" when content.ValueKind == JsonValueKind.True:
                value = new AttributeValue { NULL = true };
                return true;
            case "M":
                if (!TryReadMap(content, path, out var map, out error))
                {
                    return false;
                }

                value = new AttributeValue { M = map };
                return true;
            case "L" when content.ValueKind == JsonValueKind.Array:
                var list = new List<AttributeValue>();
                var index = 0;
                foreach (var entry in content.EnumerateArray())
                {
                    if (!TryReadValue(entry, $"{path}[{index++}]", out var element2, out error))
                    {
                        return false;
                    }

                    list.Add(element2);
                }

                value = new AttributeValue { L = list };
                return true;
            case "SS" or "NS" or "BS" when content.ValueKind == JsonValueKind.Array:
                return TryReadSet(typed.Name, content, path, out value, out error);
            case "S" or "N" or "B" or "BOOL" or "NULL" or "L":
                error = typed.Name switch
                {
                    "N" => $"{path}: N must be a string holding a number of at most {MaxNumberDigits} digits",
                    "B" => $"{path}: B must be a base64 string",
                    "BOOL" => $"{path}: BOOL must be true or false",
                    "NULL" => $"{path}: NULL must be true",
                    "L" => $"{path}: L must be an array",
                    _ => $"{path}: S must be a string",
                };
                return false;
            default:
                error = $"{path} has unknown type key '{typed.Name}' (expected S, N, B, BOOL, NULL, L, M, SS, NS or BS)";
                return false;
        }
    }

    private static bool TryReadSet(string type, JsonElement content, string path, out AttributeValue value, out string? error)
    {
        value = null!;
        var strings = new List<string>();
        foreach (var entry in content.EnumerateArray())
        {
            var text = entry.ValueKind == JsonValueKind.String ? entry.GetString()! : null;
            if (text is null || (type == "NS" && !IsNumber(text)) || (type == "BS" && !TryBase64(text, out _)))
            {
                error = $"{path}: every element of {type} must be a {(type == "SS" ? "string" : type == "NS" ? "number in a string" : "base64 string")}";
                return false;
            }

            strings.Add(text);
        }

        if (strings.Count == 0 || strings.Distinct(StringComparer.Ordinal).Count() != strings.Count)
        {
            error = $"{path}: a {type} set must hold at least one element and no element twice";
            return false;
        }

        value = type switch
        {
            "SS" => new AttributeValue { SS = strings },
            "NS" => new AttributeValue { NS = strings },
            _ => new AttributeValue { BS = strings.Select(s => new MemoryStream(Convert.FromBase64String(s))).ToList() },
        };
        error = null;
        return true;
    }

    private static bool IsNumber(string text)
    {
        var match = NumberPattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var digits = (match.Groups[1].Value + match.Groups[2].Value).TrimStart('0').TrimEnd('0');
        return digits.Length <= MaxNumberDigits;
    }

    private static bool TryBase64(string text, out byte[] bytes)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        if (Convert.TryFromBase64String(text, buffer, out var written))
        {
            bytes = buffer.AsSpan(0, written).ToArray();
            return true;
        }

        bytes = [];
        return false;
    }

    [GeneratedRegex(@"^-?(\d+)(?:\.(\d+))?(?:[eE][+-]?\d{1,3})?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
