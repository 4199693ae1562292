using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data.Mapping;

/// <summary>
/// Reads DynamoDB's JSON wire format of attribute values (<c>{"S":"..."}</c>, <c>{"N":"12"}</c>, <c>{"L":[...]}</c>,
/// ...) straight from a <see cref="Utf8JsonReader"/> over a response body, into .NET values: what generated
/// <see cref="EntityMapper{T}.FromJson"/> and <c>IDynamoDocument&lt;T&gt;.FromJson</c> methods call. A value is
/// read exactly as <see cref="AttributeValueConverter"/> reads the SDK's <see cref="AttributeValue"/> of the same
/// JSON, without building the <see cref="AttributeValue"/>.
/// </summary>
/// <remarks>
/// <para>
/// Positions: an item or map is read from its <see cref="JsonTokenType.StartObject"/>; <see cref="NextAttribute"/>
/// stops on each attribute's <see cref="JsonTokenType.PropertyName"/>; a <c>TryRead...</c> method takes the reader
/// on an attribute's name or on a list element's <see cref="JsonTokenType.StartObject"/> and leaves it on the
/// value's closing <see cref="JsonTokenType.EndObject"/>.
/// </para>
/// <para>
/// <c>TryRead...</c> returns <see langword="false"/> for DynamoDB's <c>NULL</c> (an absent value, as
/// <see cref="AttributeValueConverter.IsNull"/>), and throws <see cref="EntityMappingException"/> for a value of
/// another type or out of range. The table decodes an item that fails here once more through the SDK's types, so a
/// failure is reported exactly as the <see cref="AttributeValue"/> path reports it.
/// </para>
/// </remarks>
public static class ItemJsonReader
{
    private const int TimestampLength = 28;

    private enum Tag
    {
        Empty,
        Unknown,
        S,
        N,
        B,
        Bool,
        Null,
        M,
        L,
        SS,
        NS,
        BS,
    }

    // ---- items and maps ---------------------------------------------------------------------------------------

    /// <summary>Moves to the next attribute name of an item or map; <see langword="false"/> at the item's end.</summary>
    /// <param name="reader">The reader, on the item's start or on the end of the attribute before.</param>
    public static bool NextAttribute(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType switch
        {
            JsonTokenType.PropertyName => true,
            JsonTokenType.EndObject => false,
            _ => throw Malformed(ref reader, "an attribute name"),
        };
    }

    /// <summary>
    /// The UTF-8 bytes of the attribute name the reader is on, unescaped: the name in the response body itself when
    /// it holds no JSON escape (nothing allocated), else a copy. For matching names without making a string of each.
    /// </summary>
    /// <param name="reader">The reader, on an attribute's <see cref="JsonTokenType.PropertyName"/>.</param>
    public static ReadOnlySpan<byte> AttributeName(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped || reader.HasValueSequence ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;

    /// <summary>Skips the value of an attribute the entity does not map (the reader is on its name).</summary>
    public static void SkipValue(ref Utf8JsonReader reader) => reader.Skip();

    /// <summary>The exception for a required attribute the item lacks (absent or <c>NULL</c>), as <see cref="AttributeValueConverter.Required"/> throws it.</summary>
    public static EntityMappingException MissingRequired(string attributeName, string entityType) =>
        AttributeValueConverter.MissingRequired(attributeName, entityType);

    /// <summary>The exception for a list element or map value that is <c>NULL</c> where a value of DynamoDB type <paramref name="expectedType"/> belongs.</summary>
    public static EntityMappingException NullElement(string attributeName, string expectedType) =>
        AttributeValueConverter.WrongType(attributeName, expectedType, "NULL");

    // ---- scalars ----------------------------------------------------------------------------------------------

    /// <summary>Reads a string (<c>S</c>).</summary>
    public static bool TryReadString(ref Utf8JsonReader reader, string attributeName, out string value)
    {
        value = null!;
        if (!Begin(ref reader, Tag.S, "S", attributeName))
        {
            return false;
        }

        value = reader.GetString()!;
        End(ref reader);
        return true;
    }

    /// <summary>
    /// Reads a string (<c>S</c>) as its UTF-8 bytes, unescaped, without making a string: for values matched against
    /// known names, such as an enum's members. The bytes are those of the response body (or a copy when the value
    /// holds a JSON escape) and stay valid while the body does.
    /// </summary>
    public static bool TryReadUtf8String(ref Utf8JsonReader reader, string attributeName, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!Begin(ref reader, Tag.S, "S", attributeName))
        {
            return false;
        }

        value = reader.ValueIsEscaped || reader.HasValueSequence ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
        End(ref reader);
        return true;
    }

    /// <summary>Reads a boolean (<c>BOOL</c>).</summary>
    public static bool TryReadBoolean(ref Utf8JsonReader reader, string attributeName, out bool value)
    {
        value = false;
        if (!Begin(ref reader, Tag.Bool, "BOOL", attributeName))
        {
            return false;
        }

        value = reader.GetBoolean();
        End(ref reader);
        return true;
    }

    /// <summary>Reads an <see cref="int"/> (<c>N</c>).</summary>
    public static bool TryReadInt32(ref Utf8JsonReader reader, string attributeName, out int value) =>
        TryReadNumber(ref reader, attributeName, NumberStyles.AllowLeadingSign, "Int32", out value);

    /// <summary>Reads a <see cref="long"/> (<c>N</c>).</summary>
    public static bool TryReadInt64(ref Utf8JsonReader reader, string attributeName, out long value) =>
        TryReadNumber(ref reader, attributeName, NumberStyles.AllowLeadingSign, "Int64", out value);

    /// <summary>Reads a <see cref="decimal"/> (<c>N</c>).</summary>
    public static bool TryReadDecimal(ref Utf8JsonReader reader, string attributeName, out decimal value) =>
        TryReadNumber(ref reader, attributeName, NumberStyles.Float, "Decimal", out value);

    /// <summary>Reads a <see cref="double"/> (<c>N</c>).</summary>
    public static bool TryReadDouble(ref Utf8JsonReader reader, string attributeName, out double value) =>
        TryReadNumber(ref reader, attributeName, NumberStyles.Float, "Double", out value);

    /// <summary>Reads a <see cref="Guid"/> (<c>S</c>, hyphenated).</summary>
    public static bool TryReadGuid(ref Utf8JsonReader reader, string attributeName, out Guid value)
    {
        value = default;
        if (!Begin(ref reader, Tag.S, "S", attributeName))
        {
            return false;
        }

        // The exact 36-character form without building the string; anything else as the SDK path reads it.
        if (reader.ValueIsEscaped || !Utf8Parser.TryParse(reader.ValueSpan, out value, out var consumed, 'D') || consumed != reader.ValueSpan.Length)
        {
            value = AttributeValueConverter.ParseGuid(reader.GetString()!, attributeName);
        }

        End(ref reader);
        return true;
    }

    /// <summary>Reads a <see cref="DateTimeOffset"/> stored as ISO-8601 text (<c>S</c>).</summary>
    public static bool TryReadDateTimeOffset(ref Utf8JsonReader reader, string attributeName, out DateTimeOffset value)
    {
        value = default;
        if (!Begin(ref reader, Tag.S, "S", attributeName))
        {
            return false;
        }

        // The form the package writes, straight from the UTF-8 bytes; any other form as the SDK path reads it.
        if (reader.ValueIsEscaped || reader.ValueSpan.Length != TimestampLength || !AttributeValueConverter.TryParseTimestamp(reader.ValueSpan, out value))
        {
            value = AttributeValueConverter.ParseDateTimeOffset(reader.GetString()!, attributeName);
        }

        End(ref reader);
        return true;
    }

    /// <summary>Reads a time-to-live value stored as epoch seconds (<c>N</c>).</summary>
    public static bool TryReadEpochSeconds(ref Utf8JsonReader reader, string attributeName, out DateTimeOffset value)
    {
        value = default;
        if (!TryReadInt64(ref reader, attributeName, out var seconds))
        {
            return false;
        }

        value = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    // ---- collections ------------------------------------------------------------------------------------------

    /// <summary>Reads a string set (<c>SS</c>, or the empty list that stands for an empty set).</summary>
    public static bool TryReadStringSet(ref Utf8JsonReader reader, string attributeName, out HashSet<string> value)
    {
        value = null!;
        var tag = BeginAny(ref reader);
        if (tag == Tag.Null && IsTrueNull(ref reader))
        {
            End(ref reader);
            return false;
        }

        if (tag is not (Tag.SS or Tag.L) || reader.TokenType != JsonTokenType.StartArray)
        {
            throw AttributeValueConverter.WrongType(attributeName, "SS", TagName(tag));
        }

        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (tag != Tag.SS || reader.TokenType != JsonTokenType.String)
            {
                // A list that is not empty is not a set.
                throw AttributeValueConverter.WrongType(attributeName, "SS", "L");
            }

            set.Add(reader.GetString()!);
        }

        End(ref reader);
        value = set;
        return true;
    }

    /// <summary>Starts reading a list (<c>L</c>): then call <see cref="NextElement"/> until it returns <see langword="false"/>.</summary>
    /// <returns><see langword="false"/> for <c>NULL</c> (nothing to read).</returns>
    public static bool TryBeginList(ref Utf8JsonReader reader, string attributeName)
    {
        if (!Begin(ref reader, Tag.L, "L", attributeName))
        {
            return false;
        }

        return reader.TokenType == JsonTokenType.StartArray ? true : throw Malformed(ref reader, "a list");
    }

    /// <summary>Moves to the next element of a list begun with <see cref="TryBeginList"/>; at the end, past the list.</summary>
    public static bool NextElement(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        if (reader.TokenType == JsonTokenType.EndArray)
        {
            End(ref reader);
            return false;
        }

        return reader.TokenType == JsonTokenType.StartObject ? true : throw Malformed(ref reader, "a list element");
    }

    /// <summary>Starts reading a map (<c>M</c>): then call <see cref="NextEntry"/> until it returns <see langword="false"/>.</summary>
    /// <returns><see langword="false"/> for <c>NULL</c> (nothing to read).</returns>
    public static bool TryBeginMap(ref Utf8JsonReader reader, string attributeName)
    {
        if (!Begin(ref reader, Tag.M, "M", attributeName))
        {
            return false;
        }

        return reader.TokenType == JsonTokenType.StartObject ? true : throw Malformed(ref reader, "a map");
    }

    /// <summary>Moves to the next entry of a map begun with <see cref="TryBeginMap"/> (then read its value); at the end, past the map.</summary>
    public static bool NextEntry(ref Utf8JsonReader reader, out string key)
    {
        Next(ref reader);
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            End(ref reader);
            key = null!;
            return false;
        }

        key = reader.TokenType == JsonTokenType.PropertyName ? reader.GetString()! : throw Malformed(ref reader, "a map key");
        return true;
    }

    /// <summary>Reads a nested document (<c>M</c>) with its generated <c>FromJson</c>.</summary>
    public static bool TryReadDocument<T>(ref Utf8JsonReader reader, string attributeName, out T value)
        where T : class, IDynamoDocument<T>
    {
        value = null!;
        if (!TryBeginMap(ref reader, attributeName))
        {
            return false;
        }

        value = T.FromJson(ref reader);
        End(ref reader);
        return true;
    }

    /// <summary>Reads an entity nested in another item (<c>M</c> holding the entity's whole item).</summary>
    public static bool TryReadEntity<T>(ref Utf8JsonReader reader, string attributeName, out T value)
        where T : class, IDynamoEntity<T>
    {
        value = null!;
        if (!TryBeginMap(ref reader, attributeName))
        {
            return false;
        }

        value = T.Mapper.FromJson(ref reader);
        End(ref reader);
        return true;
    }

    // ---- the SDK's model, for unknown items, keys, and a second decoding of a failed item ------------------------

    /// <summary>
    /// Reads an item or map (the reader on its start) into the SDK's attribute values, exactly as the SDK's own
    /// unmarshaller reads the same JSON: <c>B</c> as a <see cref="MemoryStream"/>, sets as lists, only the member
    /// present set, unknown types left empty.
    /// </summary>
    public static Dictionary<string, AttributeValue> ReadAttributeMap(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Malformed(ref reader, "an object of attributes");
        }

        var map = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        while (NextAttribute(ref reader))
        {
            var name = reader.GetString()!;
            Next(ref reader);
            map[name] = ReadAttributeValue(ref reader);
        }

        return map;
    }

    /// <summary>Reads one attribute value (the reader on its start) into the SDK's <see cref="AttributeValue"/>.</summary>
    public static AttributeValue ReadAttributeValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Malformed(ref reader, "an attribute value");
        }

        var value = new AttributeValue();
        while (NextAttribute(ref reader))
        {
            var tag = Classify(ref reader);
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            switch (tag)
            {
                case Tag.S:
                    value.S = reader.GetString();
                    break;
                case Tag.N:
                    value.N = reader.GetString();
                    break;
                case Tag.B:
                    value.B = new MemoryStream(reader.GetBytesFromBase64());
                    break;
                case Tag.Bool:
                    value.BOOL = reader.GetBoolean();
                    break;
                case Tag.Null:
                    value.NULL = reader.GetBoolean();
                    break;
                case Tag.M:
                    value.M = ReadAttributeMap(ref reader);
                    break;
                case Tag.L:
                    value.L = [];
                    while (NextElementRaw(ref reader))
                    {
                        value.L.Add(ReadAttributeValue(ref reader));
                    }

                    break;
                case Tag.SS:
                    value.SS = ReadStrings(ref reader);
                    break;
                case Tag.NS:
                    value.NS = ReadStrings(ref reader);
                    break;
                case Tag.BS:
                    value.BS = [];
                    while (NextElementRaw(ref reader))
                    {
                        value.BS.Add(new MemoryStream(reader.GetBytesFromBase64()));
                    }

                    break;
                default:
                    // A type this SDK does not know: the SDK skips it too.
                    reader.Skip();
                    break;
            }
        }

        return value;
    }

    // A number parsed from its UTF-8 text with the styles AttributeValueConverter uses on the SDK's string.
    private static bool TryReadNumber<T>(ref Utf8JsonReader reader, string attributeName, NumberStyles styles, string typeName, out T value)
        where T : struct, INumberBase<T>
    {
        value = default;
        if (!Begin(ref reader, Tag.N, "N", attributeName))
        {
            return false;
        }

        var parsed = reader.ValueIsEscaped
            ? T.TryParse(reader.GetString(), styles, CultureInfo.InvariantCulture, out value)
            : T.TryParse(reader.ValueSpan, styles, CultureInfo.InvariantCulture, out value);
        if (!parsed)
        {
            throw AttributeValueConverter.OutOfRange(attributeName, reader.GetString(), typeName);
        }

        End(ref reader);
        return true;
    }

    // ---- positions --------------------------------------------------------------------------------------------

    // From an attribute's name (or a list element's start) onto the value of its one type key. False for NULL (true).
    private static bool Begin(ref Utf8JsonReader reader, Tag expected, string expectedName, string attributeName)
    {
        var tag = BeginAny(ref reader);
        if (tag == expected)
        {
            return true;
        }

        if (tag == Tag.Null && IsTrueNull(ref reader))
        {
            End(ref reader);
            return false;
        }

        // {"NULL": false} holds nothing, as the SDK sees it.
        throw AttributeValueConverter.WrongType(attributeName, expectedName, TagName(tag == Tag.Null ? Tag.Empty : tag));
    }

    private static Tag BeginAny(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.PropertyName)
        {
            Next(ref reader);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            ThrowMalformed(ref reader, "an attribute value");
        }

        Next(ref reader);
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            return Tag.Empty;
        }

        var tag = Classify(ref reader);
        Next(ref reader);
        return tag;
    }

    private static bool IsTrueNull(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.True;

    // From the last token of the type key's value onto the attribute value's closing brace.
    private static void End(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        if (reader.TokenType != JsonTokenType.EndObject)
        {
            // Never sent by DynamoDB: a second type key. Failing sends the item down the SDK's path, which decides.
            ThrowMalformed(ref reader, "the end of an attribute value");
        }
    }

    private static bool NextElementRaw(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType != JsonTokenType.EndArray;
    }

    private static List<string> ReadStrings(ref Utf8JsonReader reader)
    {
        var list = new List<string>();
        while (NextElementRaw(ref reader))
        {
            list.Add(reader.GetString()!);
        }

        return list;
    }

    private static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            ThrowEnded();
        }
    }

    // Out of line, so that the methods on every token stay small enough to inline.
    [DoesNotReturn]
    private static void ThrowEnded() => throw new JsonException("The DynamoDB response ended inside an item.");

    [DoesNotReturn]
    private static void ThrowMalformed(ref Utf8JsonReader reader, string expected) => throw Malformed(ref reader, expected);

    private static Tag Classify(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            return reader.GetString() switch
            {
                "S" => Tag.S, "N" => Tag.N, "B" => Tag.B, "BOOL" => Tag.Bool, "NULL" => Tag.Null, "M" => Tag.M,
                "L" => Tag.L, "SS" => Tag.SS, "NS" => Tag.NS, "BS" => Tag.BS, _ => Tag.Unknown,
            };
        }

        var name = reader.ValueSpan;
        return name.Length switch
        {
            1 => name[0] switch { (byte)'S' => Tag.S, (byte)'N' => Tag.N, (byte)'M' => Tag.M, (byte)'L' => Tag.L, (byte)'B' => Tag.B, _ => Tag.Unknown },
            2 => name.SequenceEqual("SS"u8) ? Tag.SS : name.SequenceEqual("NS"u8) ? Tag.NS : name.SequenceEqual("BS"u8) ? Tag.BS : Tag.Unknown,
            4 => name.SequenceEqual("BOOL"u8) ? Tag.Bool : name.SequenceEqual("NULL"u8) ? Tag.Null : Tag.Unknown,
            _ => Tag.Unknown,
        };
    }

    private static string TagName(Tag tag) => tag switch
    {
        Tag.S => "S", Tag.N => "N", Tag.B => "B", Tag.Bool => "BOOL", Tag.Null => "NULL", Tag.M => "M", Tag.L => "L",
        Tag.SS => "SS", Tag.NS => "NS", Tag.BS => "BS", _ => "empty",
    };

    private static JsonException Malformed(ref Utf8JsonReader reader, string expected) =>
        new($"The DynamoDB response holds {reader.TokenType} where {expected} belongs (at byte {reader.TokenStartIndex.ToString(CultureInfo.InvariantCulture)}).");
}
