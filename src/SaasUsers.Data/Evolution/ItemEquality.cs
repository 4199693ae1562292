using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data;

/// <summary>
/// Whether two stored values are the same to DynamoDB: numbers by value (<c>1.50</c> is <c>1.5</c>), sets without
/// order, maps without order, lists in order, binary by bytes.
/// </summary>
internal static class ItemEquality
{
    /// <summary>
    /// Whether two items hold the same data. The write token (<see cref="ItemAttributeNames.WriteToken"/>) is left out:
    /// it is bookkeeping of the last single write, not data, and the mappers never produce it.
    /// </summary>
    public static bool Equal(IReadOnlyDictionary<string, AttributeValue> left, IReadOnlyDictionary<string, AttributeValue> right)
    {
        if (DataCount(left) != DataCount(right))
        {
            return false;
        }

        foreach (var (name, value) in left)
        {
            if (name == ItemAttributeNames.WriteToken)
            {
                continue;
            }

            if (!right.TryGetValue(name, out var other) || !Equal(value, other))
            {
                return false;
            }
        }

        return true;
    }

    private static int DataCount(IReadOnlyDictionary<string, AttributeValue> item) =>
        item.ContainsKey(ItemAttributeNames.WriteToken) ? item.Count - 1 : item.Count;

    public static bool Equal(AttributeValue left, AttributeValue right)
    {
        if (left.S is not null || right.S is not null)
        {
            return string.Equals(left.S, right.S, StringComparison.Ordinal);
        }

        if (left.N is not null || right.N is not null)
        {
            return left.N is not null && right.N is not null && NumbersEqual(left.N, right.N);
        }

        if (left.B is not null || right.B is not null)
        {
            return left.B is not null && right.B is not null && left.B.ToArray().AsSpan().SequenceEqual(right.B.ToArray());
        }

        if (left.BOOL is not null || right.BOOL is not null)
        {
            return left.BOOL == right.BOOL;
        }

        if (left.NULL is not null || right.NULL is not null)
        {
            return left.NULL == right.NULL;
        }

        if (left.M is not null || right.M is not null)
        {
            return left.M is not null && right.M is not null && Equal(left.M, right.M);
        }

        if (left.L is not null || right.L is not null)
        {
            if (left.L is null || right.L is null || left.L.Count != right.L.Count)
            {
                return false;
            }

            for (var i = 0; i < left.L.Count; i++)
            {
                if (!Equal(left.L[i], right.L[i]))
                {
                    return false;
                }
            }

            return true;
        }

        if (left.SS is { Count: > 0 } || right.SS is { Count: > 0 })
        {
            return SetEqual(left.SS, right.SS, StringComparer.Ordinal);
        }

        if (left.NS is { Count: > 0 } || right.NS is { Count: > 0 })
        {
            return SetEqual(left.NS?.Select(Normalize).ToList(), right.NS?.Select(Normalize).ToList(), StringComparer.Ordinal);
        }

        if (left.BS is { Count: > 0 } || right.BS is { Count: > 0 })
        {
            return SetEqual(left.BS?.Select(b => Convert.ToBase64String(b.ToArray())).ToList(), right.BS?.Select(b => Convert.ToBase64String(b.ToArray())).ToList(), StringComparer.Ordinal);
        }

        return true;
    }

    private static bool SetEqual(List<string>? left, List<string>? right, StringComparer comparer) =>
        left is not null && right is not null && left.ToHashSet(comparer).SetEquals(right);

    private static bool NumbersEqual(string left, string right) =>
        string.Equals(left, right, StringComparison.Ordinal) || string.Equals(Normalize(left), Normalize(right), StringComparison.Ordinal);

    // DynamoDB numbers have up to 38 significant digits, more than decimal holds: compare a canonical text instead.
    private static string Normalize(string number)
    {
        if (decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value.ToString("G29", CultureInfo.InvariantCulture) is var text && text.Contains('.', StringComparison.Ordinal)
                ? text.TrimEnd('0').TrimEnd('.')
                : text;
        }

        return number.Trim();
    }
}
