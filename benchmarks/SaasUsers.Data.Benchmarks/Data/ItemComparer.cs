using System.Text;
using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data.Benchmarks.Data;

/// <summary>Compares items attribute by attribute, so the benchmarks can prove every contender stores the same thing.</summary>
public static class ItemComparer
{
    /// <summary>The differences between two items, empty when they are equal.</summary>
    public static List<string> Differences(Dictionary<string, AttributeValue> expected, Dictionary<string, AttributeValue> actual)
    {
        var differences = new List<string>();
        foreach (var name in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
        {
            var left = expected.TryGetValue(name, out var l) ? Describe(l) : "(absent)";
            var right = actual.TryGetValue(name, out var r) ? Describe(r) : "(absent)";
            if (left != right)
            {
                differences.Add($"{name}: expected {left}, got {right}");
            }
        }

        return differences;
    }

    /// <summary>Throws when the items differ.</summary>
    public static void AssertEqual(string what, Dictionary<string, AttributeValue> expected, Dictionary<string, AttributeValue> actual)
    {
        var differences = Differences(expected, actual);
        if (differences.Count > 0)
        {
            throw new InvalidOperationException($"{what}: the items differ:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", differences));
        }
    }

    /// <summary>A canonical text form of a value.</summary>
    public static string Describe(AttributeValue value)
    {
        var builder = new StringBuilder();
        Append(builder, value);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, AttributeValue value)
    {
        if (value.S is { } s)
        {
            builder.Append("S:").Append(s);
        }
        else if (value.N is { } n)
        {
            builder.Append("N:").Append(n);
        }
        else if (value.BOOL is { } b)
        {
            builder.Append("BOOL:").Append(b);
        }
        else if (value.NULL == true)
        {
            builder.Append("NULL");
        }
        else if (value.M is { } map)
        {
            builder.Append("M{");
            foreach (var (name, element) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                builder.Append(name).Append('=');
                Append(builder, element);
                builder.Append(';');
            }

            builder.Append('}');
        }
        else if (value.L is { } list)
        {
            builder.Append("L[");
            foreach (var element in list)
            {
                Append(builder, element);
                builder.Append(';');
            }

            builder.Append(']');
        }
        else if (value.SS is { } set)
        {
            builder.Append("SS[").AppendJoin(';', set.Order(StringComparer.Ordinal)).Append(']');
        }
        else
        {
            builder.Append("(empty)");
        }
    }
}
