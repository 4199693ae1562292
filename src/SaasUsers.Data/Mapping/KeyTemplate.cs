using System.Text;
using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data.Mapping;

/// <summary>
/// A parsed key template such as <c>USER#{UserId}</c>: literal text and the attributes whose values fill it.
/// </summary>
/// <remarks>
/// Names in braces are stored attribute names. A template formats a key from stored attribute values; because
/// every value is stored in the same text form that keys use, this gives exactly the key the generated code
/// builds from the entity (used to rebuild index keys in partial updates).
/// </remarks>
public sealed class KeyTemplate
{
    private readonly (string? Literal, string? AttributeName)[] _parts;

    private KeyTemplate(string pattern, (string? Literal, string? AttributeName)[] parts)
    {
        Pattern = pattern;
        _parts = parts;
        LiteralPrefix = parts.Length > 0 && parts[0].Literal is { } first ? first : string.Empty;
        AttributeNames = parts.Where(p => p.AttributeName is not null).Select(p => p.AttributeName!).ToArray();
    }

    /// <summary>The template text, for example <c>USER#{UserId}</c>.</summary>
    public string Pattern { get; }

    /// <summary>The literal text before the first attribute, for example <c>SUB#</c> in <c>SUB#{SubscriptionId}</c>.</summary>
    public string LiteralPrefix { get; }

    /// <summary>The attributes the template reads, in order.</summary>
    public IReadOnlyList<string> AttributeNames { get; }

    /// <summary>Whether the template is all literal text (every item of the entity has the same key).</summary>
    public bool IsConstant => AttributeNames.Count == 0;

    /// <summary>Parses a template.</summary>
    /// <param name="pattern">The template, for example <c>USER#{UserId}</c>.</param>
    /// <exception cref="FormatException">A brace is unbalanced, a name is empty, or the template is empty.</exception>
    public static KeyTemplate Parse(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Length == 0)
        {
            throw new FormatException("A key template must not be empty.");
        }

        var split = Shared.KeyTemplateSyntax.Split(pattern, out var error)
            ?? throw new FormatException($"Key template '{pattern}' {error}.");
        var parts = split.Select(p => (p.Literal, p.Name)).ToList();
        return new KeyTemplate(pattern, parts.ToArray());
    }

    /// <summary>
    /// Formats the key from attribute values. Returns <see langword="false"/> when an attribute the template
    /// needs has no value (an index key is then not written: the index is sparse).
    /// </summary>
    /// <param name="item">The stored attribute values.</param>
    /// <param name="key">The key, when every attribute has a value.</param>
    /// <exception cref="ArgumentException">A value cannot be a key component (empty, control characters, or not a string or number).</exception>
    public bool TryFormat(IReadOnlyDictionary<string, AttributeValue> item, out string key)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (_parts.Length == 1 && _parts[0].Literal is { } only)
        {
            key = only;
            return true;
        }

        var builder = new StringBuilder();
        foreach (var (literal, attributeName) in _parts)
        {
            if (literal is not null)
            {
                builder.Append(literal);
                continue;
            }

            if (!item.TryGetValue(attributeName!, out var value) || AttributeValueConverter.IsNull(value))
            {
                key = string.Empty;
                return false;
            }

            builder.Append(value switch
            {
                { S: { } text } => KeyComponent.Escape(text, attributeName!),
                { N: { } number } => number,
                _ => throw new ArgumentException($"'{attributeName}' is part of a key and must be a string or a number.", attributeName),
            });
        }

        key = builder.ToString();
        return true;
    }

    /// <summary>
    /// Reads the attribute values back out of a key this template formatted (unescaped, as strings). Returns
    /// <see langword="false"/> when the key does not fit the template, or when two values are not separated by a
    /// literal starting with the delimiter (only then is the split unambiguous: escaped values hold no delimiter).
    /// </summary>
    /// <param name="key">A key value, for example <c>USER#42</c>.</param>
    /// <param name="values">Receives one string value per attribute of the template.</param>
    public bool TryParse(string key, IDictionary<string, AttributeValue> values)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(values);
        var position = 0;
        var found = new List<(string Name, string Value)>();
        for (var i = 0; i < _parts.Length; i++)
        {
            var (literal, attributeName) = _parts[i];
            if (literal is not null)
            {
                if (!key.AsSpan(position).StartsWith(literal, StringComparison.Ordinal))
                {
                    return false;
                }

                position += literal.Length;
                continue;
            }

            int end;
            if (i + 1 == _parts.Length)
            {
                end = key.Length;
            }
            else if (_parts[i + 1].Literal is { } next && next[0] == KeyComponent.Delimiter)
            {
                end = key.IndexOf(next, position, StringComparison.Ordinal);
                if (end < 0)
                {
                    return false;
                }
            }
            else
            {
                return false;
            }

            found.Add((attributeName!, KeyComponent.Unescape(key[position..end])));
            position = end;
        }

        if (position != key.Length)
        {
            return false;
        }

        foreach (var (name, value) in found)
        {
            values[name] = new AttributeValue { S = value };
        }

        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Pattern;
}
