using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data;

/// <summary>A condition on the sort key in a query: a prefix or a range of key values.</summary>
public sealed class SortKeyCondition
{
    private readonly string _operator;
    private readonly string _value;
    private readonly string? _upper;

    private SortKeyCondition(string op, string value, string? upper = null)
    {
        _operator = op;
        _value = value;
        _upper = upper;
    }

    /// <summary>Sort keys that start with <paramref name="prefix"/>, for example <c>SUB#</c>.</summary>
    public static SortKeyCondition BeginsWith(string prefix) => new("begins_with", Check(prefix, nameof(prefix)));

    /// <summary>The sort key equal to <paramref name="value"/>.</summary>
    public static SortKeyCondition Equal(string value) => new("=", Check(value, nameof(value)));

    /// <summary>Sort keys less than <paramref name="value"/>.</summary>
    public static SortKeyCondition LessThan(string value) => new("<", Check(value, nameof(value)));

    /// <summary>Sort keys less than or equal to <paramref name="value"/>.</summary>
    public static SortKeyCondition LessThanOrEqual(string value) => new("<=", Check(value, nameof(value)));

    /// <summary>Sort keys greater than <paramref name="value"/>.</summary>
    public static SortKeyCondition GreaterThan(string value) => new(">", Check(value, nameof(value)));

    /// <summary>Sort keys greater than or equal to <paramref name="value"/>.</summary>
    public static SortKeyCondition GreaterThanOrEqual(string value) => new(">=", Check(value, nameof(value)));

    /// <summary>Sort keys from <paramref name="low"/> to <paramref name="high"/>, both included.</summary>
    /// <exception cref="ArgumentException"><paramref name="low"/> sorts after <paramref name="high"/>.</exception>
    public static SortKeyCondition Between(string low, string high)
    {
        Check(low, nameof(low));
        Check(high, nameof(high));
        if (string.CompareOrdinal(low, high) > 0)
        {
            throw new ArgumentException($"The range start '{low}' sorts after its end '{high}'.", nameof(low));
        }

        return new SortKeyCondition("between", low, high);
    }

    /// <summary>The condition as text, for messages and to bind a cursor to its query.</summary>
    public override string ToString() => _upper is null ? _operator + " " + _value : _operator + " " + _value + " and " + _upper;

    internal string Render(string sortKeyName, ExpressionAttributes attributes) => _operator switch
    {
        "begins_with" => $"begins_with({sortKeyName}, {attributes.Value(new AttributeValue { S = _value })})",
        "between" => $"{sortKeyName} BETWEEN {attributes.Value(new AttributeValue { S = _value })} AND {attributes.Value(new AttributeValue { S = _upper! })}",
        _ => $"{sortKeyName} {_operator} {attributes.Value(new AttributeValue { S = _value })}",
    };

    private static string Check(string value, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, paramName);
        return value;
    }
}
