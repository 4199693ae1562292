using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data;

/// <summary>
/// Collects the name and value placeholders of one request's expressions. Every attribute name goes through a
/// <c>#n</c> placeholder, so no name can clash with DynamoDB's reserved words or inject expression syntax.
/// </summary>
internal sealed class ExpressionAttributes
{
    private readonly Dictionary<string, string> _placeholderByName = new(StringComparer.Ordinal);

    public Dictionary<string, string> Names { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, AttributeValue> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>The placeholder for an attribute name (the same placeholder each time for the same name).</summary>
    public string Name(string attributeName)
    {
        if (!_placeholderByName.TryGetValue(attributeName, out var placeholder))
        {
            placeholder = "#n" + _placeholderByName.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _placeholderByName.Add(attributeName, placeholder);
            Names.Add(placeholder, attributeName);
        }

        return placeholder;
    }

    /// <summary>A new placeholder for a value.</summary>
    public string Value(AttributeValue value)
    {
        var placeholder = ":v" + Values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Values.Add(placeholder, value);
        return placeholder;
    }

    /// <summary>The names for a request, or null when there are none (DynamoDB rejects an empty map).</summary>
    public Dictionary<string, string>? NamesOrNull => Names.Count == 0 ? null : Names;

    /// <summary>The values for a request, or null when there are none (DynamoDB rejects an empty map).</summary>
    public Dictionary<string, AttributeValue>? ValuesOrNull => Values.Count == 0 ? null : Values;
}
