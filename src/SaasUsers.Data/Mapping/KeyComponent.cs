using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace SaasUsers.Data.Mapping;

/// <summary>
/// Turns values into key components and checks whole keys against DynamoDB's limits. Generated code calls it;
/// hand-written mappers should too, so that every key is built the same way.
/// </summary>
/// <remarks>
/// Keys join literal prefixes and values with <c>#</c>. A value that contains <c>#</c> could forge another key
/// (an id of <c>42#PROFILE</c>), so <c>%</c> and <c>#</c> inside values are percent-escaped (<c>%25</c>,
/// <c>%23</c>); no escaped value contains a bare delimiter, and escaping is reversible. Empty, whitespace,
/// control characters and unpaired surrogates are rejected: they are never meaningful in an id.
/// </remarks>
public static class KeyComponent
{
    /// <summary>The delimiter between key segments.</summary>
    public const char Delimiter = '#';

    /// <summary>The largest partition key value DynamoDB accepts, in UTF-8 bytes.</summary>
    public const int MaxPartitionKeyBytes = 2048;

    /// <summary>The largest sort key value DynamoDB accepts, in UTF-8 bytes.</summary>
    public const int MaxSortKeyBytes = 1024;

    // Printable ASCII (U+0020 to U+007E) except the delimiter and the escape character '%'.
    private static readonly SearchValues<char> PlainCharacters = SearchValues.Create(PlainText());

    // Below this length a loop is faster than the vectorized search (one 128-bit vector holds 8 UTF-16 chars).
    private const int ShortLength = 8;

    /// <summary>Validates and escapes a string key component.</summary>
    /// <param name="value">The value, for example a user id.</param>
    /// <param name="propertyName">The property or argument the value came from, named in any exception.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException">The value is empty, whitespace, or holds a control character or an unpaired surrogate.</exception>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Escape(string? value, string propertyName)
    {
        if (value is null)
        {
            throw new ArgumentNullException(propertyName, $"'{propertyName}' is part of a key and must not be null.");
        }

        // Fast path for the usual id: printable ASCII without a delimiter or '%' has no control characters or
        // surrogates and is stored as it is. Of such text only "" and spaces alone are refused. Long values are
        // checked in one vectorized pass, short ones (below one vector) in a plain loop, which is faster there.
        var span = value.AsSpan();
        if (span.Length < ShortLength ? IsPlainShort(span) : !span.ContainsAnyExcept(PlainCharacters))
        {
            if (span.Length == 0 || (span[0] == ' ' && !span.ContainsAnyExcept(' ')))
            {
                throw EmptyOrWhitespace(propertyName);
            }

            return value;
        }

        return EscapeOther(value, propertyName);
    }

    /// <summary>The checks and escaping of a component that is not plain printable ASCII (or holds a delimiter or '%').</summary>
    private static string EscapeOther(string value, string propertyName)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw EmptyOrWhitespace(propertyName);
        }

        // Printable ASCII that gets here holds a delimiter or '%'.
        if (value.AsSpan().IndexOfAnyExceptInRange(' ', '~') < 0)
        {
            return EscapeSlow(value);
        }

        var needsEscape = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c))
            {
                throw new ArgumentException($"'{propertyName}' is part of a key and must not contain control characters (found U+{(int)c:X4} at index {i}).", propertyName);
            }

            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                    continue;
                }

                throw new ArgumentException($"'{propertyName}' is part of a key and must be valid Unicode (unpaired surrogate at index {i}).", propertyName);
            }

            if (c is Delimiter or '%')
            {
                needsEscape = true;
            }
        }

        return needsEscape ? EscapeSlow(value) : value;
    }

    /// <summary>Reverses <see cref="Escape(string?, string)"/>.</summary>
    /// <param name="component">An escaped key component.</param>
    public static string Unescape(string component)
    {
        ArgumentNullException.ThrowIfNull(component);
        if (component.IndexOf('%', StringComparison.Ordinal) < 0)
        {
            return component;
        }

        return component.Replace("%23", "#", StringComparison.Ordinal).Replace("%25", "%", StringComparison.Ordinal);
    }

    /// <summary>Formats a <see cref="Guid"/> key component (lower-case, hyphenated; the stored form).</summary>
    public static string Format(Guid value) => value.ToString("D");

    /// <summary>Formats a <see cref="DateTimeOffset"/> key component as fixed-width ISO-8601 UTC, so keys sort by time.</summary>
    public static string Format(DateTimeOffset value) => AttributeValueConverter.FormatTimestamp(value);

    /// <summary>Formats an <see cref="int"/> key component (invariant culture; the stored form).</summary>
    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats a <see cref="long"/> key component (invariant culture; the stored form).</summary>
    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Checks a partition key value against DynamoDB's size limit and returns it.</summary>
    /// <param name="value">The whole partition key value.</param>
    /// <param name="entityType">The entity type, named in the exception.</param>
    /// <exception cref="ArgumentException">The key is longer than <see cref="MaxPartitionKeyBytes"/> UTF-8 bytes.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static string CheckPartitionKey(string value, string entityType) =>
        value.Length <= MaxPartitionKeyBytes / 3 ? value : CheckSize(value, MaxPartitionKeyBytes, "partition key", entityType, entityType);

    /// <summary>Checks a partition key value against DynamoDB's size limit and returns it.</summary>
    /// <param name="value">The whole partition key value.</param>
    /// <param name="entityType">The entity type, named in the exception's message.</param>
    /// <param name="propertyName">The property (or properties, comma-separated) the key is built from: the exception's <see cref="ArgumentException.ParamName"/>.</param>
    /// <exception cref="ArgumentException">The key is longer than <see cref="MaxPartitionKeyBytes"/> UTF-8 bytes.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static string CheckPartitionKey(string value, string entityType, string propertyName) =>
        value.Length <= MaxPartitionKeyBytes / 3 ? value : CheckSize(value, MaxPartitionKeyBytes, "partition key", entityType, propertyName);

    /// <summary>Checks a sort key value against DynamoDB's size limit and returns it.</summary>
    /// <param name="value">The whole sort key value.</param>
    /// <param name="entityType">The entity type, named in the exception.</param>
    /// <exception cref="ArgumentException">The key is longer than <see cref="MaxSortKeyBytes"/> UTF-8 bytes.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static string CheckSortKey(string value, string entityType) =>
        value.Length <= MaxSortKeyBytes / 3 ? value : CheckSize(value, MaxSortKeyBytes, "sort key", entityType, entityType);

    /// <summary>Checks a sort key value against DynamoDB's size limit and returns it.</summary>
    /// <param name="value">The whole sort key value.</param>
    /// <param name="entityType">The entity type, named in the exception's message.</param>
    /// <param name="propertyName">The property (or properties, comma-separated) the key is built from: the exception's <see cref="ArgumentException.ParamName"/>.</param>
    /// <exception cref="ArgumentException">The key is longer than <see cref="MaxSortKeyBytes"/> UTF-8 bytes.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static string CheckSortKey(string value, string entityType, string propertyName) =>
        value.Length <= MaxSortKeyBytes / 3 ? value : CheckSize(value, MaxSortKeyBytes, "sort key", entityType, propertyName);

    // The checks above are inlined into generated code and test only the length: a UTF-16 char is at most 3 UTF-8
    // bytes, so short keys need no count. Longer ones are counted here.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string CheckSize(string value, int maxBytes, string what, string entityType, string propertyName)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        if (bytes > maxBytes)
        {
            var from = propertyName == entityType ? string.Empty : $" (built from {propertyName})";
            throw new ArgumentException($"The {what} of {entityType}{from} is {bytes} UTF-8 bytes; DynamoDB allows at most {maxBytes}.", propertyName);
        }

        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsPlainShort(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if ((uint)(c - ' ') > '~' - ' ' || c is Delimiter or '%')
            {
                return false;
            }
        }

        return true;
    }

    private static ArgumentException EmptyOrWhitespace(string propertyName) =>
        new($"'{propertyName}' is part of a key and must not be empty or whitespace.", propertyName);

    private static string PlainText()
    {
        var text = new StringBuilder(95);
        for (var c = ' '; c <= '~'; c++)
        {
            if (c is not (Delimiter or '%'))
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static string EscapeSlow(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '%':
                    builder.Append("%25");
                    break;
                case Delimiter:
                    builder.Append("%23");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }
}
