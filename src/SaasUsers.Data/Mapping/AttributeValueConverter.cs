using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data.Mapping;

/// <summary>
/// Converts .NET values to and from <see cref="AttributeValue"/>. Generated mappers call these methods; they are
/// public so that a hand-written mapper stores values exactly the same way.
/// </summary>
/// <remarks>
/// Writers return <see langword="null"/> for a <see langword="null"/> value: the attribute is then left out of
/// the item. Readers take the attribute name only to name it in an <see cref="EntityMappingException"/>.
/// </remarks>
public static class AttributeValueConverter
{
    // DynamoDB numbers: magnitudes from 1E-130 to 9.9999999999999999999999999999999999999E+125.
    // As a double, 9.99...E+125 rounds to exactly 1E+126, which DynamoDB refuses: the bound is exclusive.
    private const double MaxNumberMagnitude = 1E+126;
    private const double MinNumberMagnitude = 1E-130;
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    private const int TimestampLength = 28;

    // ---- strings, booleans, numbers ---------------------------------------------------------------------------

    /// <summary>Writes a string.</summary>
    public static AttributeValue? FromString(string? value) => value is null ? null : new AttributeValue { S = value };

    /// <summary>Reads a string.</summary>
    public static string ReadString(AttributeValue value, string attributeName) =>
        value.S ?? throw WrongType(attributeName, "S", value);

    /// <summary>Writes a boolean.</summary>
    public static AttributeValue FromBoolean(bool value) => new() { BOOL = value };

    /// <summary>Reads a boolean.</summary>
    public static bool ReadBoolean(AttributeValue value, string attributeName) =>
        value.BOOL ?? throw WrongType(attributeName, "BOOL", value);

    /// <summary>Writes an <see cref="int"/>.</summary>
    public static AttributeValue FromInt32(int value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    /// <summary>Reads an <see cref="int"/>.</summary>
    public static int ReadInt32(AttributeValue value, string attributeName) =>
        int.TryParse(Number(value, attributeName), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw OutOfRange(attributeName, value.N, "Int32");

    /// <summary>Writes a <see cref="long"/>.</summary>
    public static AttributeValue FromInt64(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    /// <summary>Reads a <see cref="long"/>.</summary>
    public static long ReadInt64(AttributeValue value, string attributeName) =>
        long.TryParse(Number(value, attributeName), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw OutOfRange(attributeName, value.N, "Int64");

    /// <summary>Writes a <see cref="decimal"/>.</summary>
    public static AttributeValue FromDecimal(decimal value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    /// <summary>Reads a <see cref="decimal"/>.</summary>
    public static decimal ReadDecimal(AttributeValue value, string attributeName) =>
        decimal.TryParse(Number(value, attributeName), NumberStyles.Float, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw OutOfRange(attributeName, value.N, "Decimal");

    /// <summary>Writes a <see cref="double"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN, infinite, or outside DynamoDB's number range.</exception>
    public static AttributeValue FromDouble(double value, string attributeName)
    {
        var magnitude = Math.Abs(value);
        if (!double.IsFinite(value) || magnitude >= MaxNumberMagnitude || (magnitude != 0 && magnitude < MinNumberMagnitude))
        {
            throw new ArgumentOutOfRangeException(attributeName, value,
                $"'{attributeName}' must be a finite number whose magnitude is 0 or between 1E-130 and 9.99E+125 (DynamoDB's number range).");
        }

        return new AttributeValue { N = value.ToString("R", CultureInfo.InvariantCulture) };
    }

    /// <summary>Reads a <see cref="double"/>.</summary>
    public static double ReadDouble(AttributeValue value, string attributeName) =>
        double.TryParse(Number(value, attributeName), NumberStyles.Float, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw OutOfRange(attributeName, value.N, "Double");

    // ---- Guid, time -------------------------------------------------------------------------------------------

    /// <summary>Writes a <see cref="Guid"/> as its hyphenated lower-case string.</summary>
    public static AttributeValue FromGuid(Guid value) => new() { S = value.ToString("D") };

    /// <summary>Reads a <see cref="Guid"/>.</summary>
    public static Guid ReadGuid(AttributeValue value, string attributeName) =>
        ParseGuid(ReadString(value, attributeName), attributeName);

    internal static Guid ParseGuid(string text, string attributeName) =>
        Guid.TryParseExact(text, "D", out var result)
            ? result
            : throw new EntityMappingException($"Attribute '{attributeName}' holds '{text}', which is not a GUID.");

    /// <summary>Formats a timestamp as fixed-width ISO-8601 UTC (<c>2026-11-23T06:43:00.0000000Z</c>), which sorts by time.</summary>
    /// <remarks>
    /// The round-trip format <c>"O"</c> of the UTC <see cref="DateTime"/> is exactly that text (seven fractional
    /// digits, <c>Z</c>), and .NET formats it on a fast path: about a fifth of the time of the equivalent custom
    /// format string <c>yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'</c>, which is parsed again on every call.
    /// </remarks>
    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Writes a <see cref="DateTimeOffset"/> as fixed-width ISO-8601 UTC.</summary>
    public static AttributeValue FromDateTimeOffset(DateTimeOffset value) => new() { S = FormatTimestamp(value) };

    /// <summary>Reads a <see cref="DateTimeOffset"/> (the offset is always zero: values are stored in UTC).</summary>
    public static DateTimeOffset ReadDateTimeOffset(AttributeValue value, string attributeName) =>
        ParseDateTimeOffset(ReadString(value, attributeName), attributeName);

    internal static DateTimeOffset ParseDateTimeOffset(string text, string attributeName)
    {
        if (TryParseTimestamp(text.AsSpan(), out var timestamp))
        {
            return timestamp;
        }

        if (DateTimeOffset.TryParseExact(text, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var exact))
        {
            return exact.ToUniversalTime();
        }

        // Items written by other tools may use any ISO-8601 form.
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.ToUniversalTime()
            : throw new EntityMappingException($"Attribute '{attributeName}' holds '{text}', which is not an ISO-8601 timestamp.");
    }

    /// <summary>Writes a time-to-live value: epoch seconds, as DynamoDB's time to live expects.</summary>
    public static AttributeValue FromEpochSeconds(DateTimeOffset value) =>
        new() { N = value.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };

    /// <summary>Reads a time-to-live value written as epoch seconds.</summary>
    public static DateTimeOffset ReadEpochSeconds(AttributeValue value, string attributeName) =>
        DateTimeOffset.FromUnixTimeSeconds(ReadInt64(value, attributeName));

    // ---- collections ------------------------------------------------------------------------------------------

    /// <summary>Writes a list; each element is converted by <paramref name="convert"/>.</summary>
    /// <exception cref="ArgumentException">An element converts to null.</exception>
    public static AttributeValue? FromList<T>(IEnumerable<T>? values, Func<T, AttributeValue?> convert, string attributeName)
    {
        if (values is null)
        {
            return null;
        }

        var list = values is ICollection<T> collection ? new List<AttributeValue>(collection.Count) : new List<AttributeValue>();
        foreach (var element in values)
        {
            list.Add(convert(element) ?? throw NullElement(attributeName));
        }

        return new AttributeValue { L = list };
    }

    /// <summary>The elements of a list (<c>L</c>), for a reader that converts them itself (generated mappers loop over them without a delegate).</summary>
    /// <exception cref="EntityMappingException">The value is not a list.</exception>
    public static List<AttributeValue> ListOf(AttributeValue value, string attributeName) =>
        (value ?? throw new ArgumentNullException(nameof(value))).L ?? throw WrongType(attributeName, "L", value);

    /// <summary>The entries of a map (<c>M</c>), for a reader that converts them itself (generated mappers loop over them without a delegate).</summary>
    /// <exception cref="EntityMappingException">The value is not a map.</exception>
    public static Dictionary<string, AttributeValue> MapOf(AttributeValue value, string attributeName) =>
        (value ?? throw new ArgumentNullException(nameof(value))).M ?? throw WrongType(attributeName, "M", value);

    /// <summary>Reads a list; each element is converted by <paramref name="convert"/>.</summary>
    public static List<T> ReadList<T>(AttributeValue value, Func<AttributeValue, string, T> convert, string attributeName)
    {
        var source = ListOf(value, attributeName);
        var result = new List<T>(source.Count);
        foreach (var element in source)
        {
            result.Add(convert(element, attributeName));
        }

        return result;
    }

    /// <summary>
    /// Writes a set of strings as a string set (<c>SS</c>). DynamoDB has no empty set, so an empty set is stored
    /// as an empty list, which <see cref="ReadStringSet"/> reads back as an empty set.
    /// </summary>
    public static AttributeValue? FromStringSet(IEnumerable<string>? values, string attributeName)
    {
        if (values is null)
        {
            return null;
        }

        var list = new List<string>();
        foreach (var element in values)
        {
            list.Add(element ?? throw NullElement(attributeName));
        }

        return list.Count == 0 ? new AttributeValue { L = new List<AttributeValue>() } : new AttributeValue { SS = list };
    }

    /// <summary>Reads a string set (or the empty list that stands for an empty set).</summary>
    public static HashSet<string> ReadStringSet(AttributeValue value, string attributeName)
    {
        if (value.SS is { } set)
        {
            return new HashSet<string>(set, StringComparer.Ordinal);
        }

        if (value.L is { Count: 0 })
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        throw WrongType(attributeName, "SS", value);
    }

    /// <summary>Writes a string-keyed map; each value is converted by <paramref name="convert"/>.</summary>
    public static AttributeValue? FromMap<T>(IEnumerable<KeyValuePair<string, T>>? values, Func<T, AttributeValue?> convert, string attributeName)
    {
        if (values is null)
        {
            return null;
        }

        // Pre-sized, and a Dictionary (what generated code passes) enumerated without boxing its enumerator.
        if (values is Dictionary<string, T> dictionary)
        {
            var sized = new Dictionary<string, AttributeValue>(dictionary.Count, StringComparer.Ordinal);
            foreach (var pair in dictionary)
            {
                sized[pair.Key] = convert(pair.Value) ?? throw NullElement(attributeName);
            }

            return new AttributeValue { M = sized };
        }

        var map = values is IReadOnlyCollection<KeyValuePair<string, T>> collection
            ? new Dictionary<string, AttributeValue>(collection.Count, StringComparer.Ordinal)
            : new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var pair in values)
        {
            map[pair.Key] = convert(pair.Value) ?? throw NullElement(attributeName);
        }

        return new AttributeValue { M = map };
    }

    /// <summary>Reads a string-keyed map; each value is converted by <paramref name="convert"/>.</summary>
    public static Dictionary<string, T> ReadMap<T>(AttributeValue value, Func<AttributeValue, string, T> convert, string attributeName)
    {
        var source = MapOf(value, attributeName);
        var result = new Dictionary<string, T>(source.Count, StringComparer.Ordinal);
        foreach (var pair in source)
        {
            result[pair.Key] = convert(pair.Value, attributeName);
        }

        return result;
    }

    // ---- nested documents and entities ------------------------------------------------------------------------

    /// <summary>Writes a nested document as a map.</summary>
    public static AttributeValue? FromDocument<T>(T? value)
        where T : class, IDynamoDocument<T> =>
        value is null ? null : new AttributeValue { M = T.ToMap(value) };

    /// <summary>Reads a nested document from a map.</summary>
    public static T ReadDocument<T>(AttributeValue value, string attributeName)
        where T : class, IDynamoDocument<T> =>
        T.FromMap(value.M ?? throw WrongType(attributeName, "M", value));

    /// <summary>Writes an entity nested in another item, as a map holding the entity's whole item.</summary>
    public static AttributeValue? FromEntity<T>(T? value)
        where T : class, IDynamoEntity<T> =>
        value is null ? null : new AttributeValue { M = T.Mapper.ToItem(value) };

    /// <summary>Reads an entity nested in another item.</summary>
    public static T ReadEntity<T>(AttributeValue value, string attributeName)
        where T : class, IDynamoEntity<T> =>
        T.Mapper.FromItem(value.M ?? throw WrongType(attributeName, "M", value));

    // ---- helpers for generated code ---------------------------------------------------------------------------

    /// <summary>Whether an attribute holds no value: absent from the item, or DynamoDB's <c>NULL</c>.</summary>
    public static bool IsNull(AttributeValue? value) => value is null || value.NULL == true;

    /// <summary>Gets an attribute the entity cannot do without.</summary>
    /// <exception cref="EntityMappingException">The item has no such attribute, or it is <c>NULL</c>.</exception>
    public static AttributeValue Required(Dictionary<string, AttributeValue> item, string attributeName, string entityType)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.TryGetValue(attributeName, out var value) && value.NULL != true)
        {
            return value;
        }

        throw MissingRequired(attributeName, entityType);
    }

    /// <summary>The value of an attribute the entity cannot do without, given the value found (null when absent).</summary>
    /// <exception cref="EntityMappingException">The value is null (no such attribute) or <c>NULL</c>.</exception>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static AttributeValue RequiredValue(AttributeValue? value, string attributeName, string entityType) =>
        value is { NULL: not true } ? value : throw MissingRequired(attributeName, entityType);

    /// <summary>
    /// Whether the item compares attribute names ordinally, as DynamoDB does (the SDK's items and the library's
    /// own do). Generated readers then walk the item once instead of looking each name up.
    /// </summary>
    public static bool ComparesNamesOrdinally(Dictionary<string, AttributeValue> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var comparer = item.Comparer;
        return ReferenceEquals(comparer, EqualityComparer<string>.Default) || ReferenceEquals(comparer, StringComparer.Ordinal);
    }

    internal static EntityMappingException MissingRequired(string attributeName, string entityType) =>
        new($"The stored {entityType} item has no value for required attribute '{attributeName}'.");

    /// <summary>Gets an attribute that may be absent; returns <see langword="null"/> when it is absent or <c>NULL</c>.</summary>
    public static AttributeValue? Optional(Dictionary<string, AttributeValue> item, string attributeName)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.TryGetValue(attributeName, out var value) && value.NULL != true ? value : null;
    }

    /// <summary>The exception for a null list element or map value, which DynamoDB cannot store (writing; generated list and map writers throw it).</summary>
    /// <param name="attributeName">The list or map attribute, named as the exception's parameter.</param>
    public static ArgumentException NullElement(string attributeName) =>
        new($"'{attributeName}' must not contain null elements or values.", attributeName);

    /// <summary>The exception for an enum value that has no name (writing) or a name the enum lacks (reading).</summary>
    public static Exception UnknownEnumValue(string attributeName, string enumType, string value, bool writing) =>
        writing
            ? new ArgumentOutOfRangeException(attributeName, value, $"'{attributeName}' holds {value}, which is not a defined {enumType} value.")
            : new EntityMappingException($"Attribute '{attributeName}' holds '{value}', which is not a {enumType} name.");

    /// <summary>
    /// Reads exactly the form <see cref="FormatTimestamp"/> writes (28 characters, ASCII digits, a valid UTC time)
    /// without the general parser, from UTF-16 or UTF-8 text; anything else is left to
    /// <see cref="DateTimeOffset.TryParseExact(string, string, IFormatProvider, DateTimeStyles, out DateTimeOffset)"/>,
    /// which accepts it or not as before. Every text this accepts, the exact parse accepts too, with the same value.
    /// </summary>
    internal static bool TryParseTimestamp<TChar>(ReadOnlySpan<TChar> text, out DateTimeOffset value)
        where TChar : unmanaged, System.Numerics.IBinaryInteger<TChar>
    {
        value = default;
        if (text.Length != TimestampLength)
        {
            return false;
        }

        // The 21 digits are read at fixed positions without a branch each: Digit folds a sign bit into invalid for
        // anything that is not an ASCII digit, tested once below.
        var invalid = 0;
        var year = (Digit(text[0], ref invalid) * 1000) + (Digit(text[1], ref invalid) * 100) + (Digit(text[2], ref invalid) * 10) + Digit(text[3], ref invalid);
        var month = (Digit(text[5], ref invalid) * 10) + Digit(text[6], ref invalid);
        var day = (Digit(text[8], ref invalid) * 10) + Digit(text[9], ref invalid);
        var hour = (Digit(text[11], ref invalid) * 10) + Digit(text[12], ref invalid);
        var minute = (Digit(text[14], ref invalid) * 10) + Digit(text[15], ref invalid);
        var second = (Digit(text[17], ref invalid) * 10) + Digit(text[18], ref invalid);
        var fraction = (Digit(text[20], ref invalid) * 1_000_000) + (Digit(text[21], ref invalid) * 100_000) + (Digit(text[22], ref invalid) * 10_000)
            + (Digit(text[23], ref invalid) * 1_000) + (Digit(text[24], ref invalid) * 100) + (Digit(text[25], ref invalid) * 10) + Digit(text[26], ref invalid);
        if (invalid < 0
            || !Is(text[4], '-') || !Is(text[7], '-') || !Is(text[10], 'T') || !Is(text[13], ':') || !Is(text[16], ':') || !Is(text[19], '.') || !Is(text[27], 'Z'))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks + fraction, TimeSpan.Zero);
        return true;
    }

    private static bool Is<TChar>(TChar character, char expected)
        where TChar : unmanaged, System.Numerics.IBinaryInteger<TChar> =>
        int.CreateTruncating(character) == expected;

    // The digit's value; for anything but '0' to '9' the result is meaningless and invalid becomes negative.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int Digit<TChar>(TChar character, ref int invalid)
        where TChar : unmanaged, System.Numerics.IBinaryInteger<TChar>
    {
        var digit = int.CreateTruncating(character) - '0';
        invalid |= digit | (9 - digit);
        return digit;
    }

    private static string Number(AttributeValue value, string attributeName) => value.N ?? throw WrongType(attributeName, "N", value);

    private static EntityMappingException WrongType(string attributeName, string expected, AttributeValue value) =>
        WrongType(attributeName, expected, Describe(value));

    internal static EntityMappingException WrongType(string attributeName, string expected, string actual) =>
        new($"Attribute '{attributeName}' was expected to be of DynamoDB type {expected} but is {actual}.");

    internal static EntityMappingException OutOfRange(string attributeName, string? number, string type) =>
        new($"Attribute '{attributeName}' holds {number}, which does not fit in {type}.");

    private static string Describe(AttributeValue value) => value switch
    {
        { S: not null } => "S",
        { N: not null } => "N",
        { BOOL: not null } => "BOOL",
        { NULL: true } => "NULL",
        { L: not null } => "L",
        { M: not null } => "M",
        { SS: not null } => "SS",
        { NS: not null } => "NS",
        { B: not null } => "B",
        { BS: not null } => "BS",
        _ => "empty",
    };
}
