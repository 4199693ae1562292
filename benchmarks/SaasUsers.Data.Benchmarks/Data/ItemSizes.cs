using System.Text;
using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data.Benchmarks.Data;

/// <summary>Item sizes as DynamoDB counts them for the 1 MB page limit: attribute names plus values, strings in UTF-8.</summary>
public static class ItemSizes
{
    /// <summary>The size of one item in bytes.</summary>
    public static int Of(Dictionary<string, AttributeValue> item)
    {
        var total = 0;
        foreach (var (name, value) in item)
        {
            total += Encoding.UTF8.GetByteCount(name) + Of(value);
        }

        return total;
    }

    /// <summary>The size of a page in bytes.</summary>
    public static int Of(IEnumerable<Dictionary<string, AttributeValue>> items) => items.Sum(Of);

    private static int Of(AttributeValue value)
    {
        if (value.S is { } s)
        {
            return Encoding.UTF8.GetByteCount(s);
        }

        if (value.N is { } n)
        {
            // About one byte per two significant digits, plus one.
            return ((n.Length + 1) / 2) + 1;
        }

        if (value.M is { } map)
        {
            var size = 3;
            foreach (var (name, element) in map)
            {
                size += 1 + Encoding.UTF8.GetByteCount(name) + Of(element);
            }

            return size;
        }

        if (value.L is { } list)
        {
            return 3 + list.Sum(e => 1 + Of(e));
        }

        // BOOL, NULL.
        return 1;
    }
}
