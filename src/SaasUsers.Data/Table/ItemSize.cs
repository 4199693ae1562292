using System.Text;
using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data;

/// <summary>
/// Measures items the way DynamoDB counts them against its 400 KB item limit (attribute names plus values, strings
/// in UTF-8 bytes, numbers about one byte per two digits). The table refuses an item over the limit before any request
/// is sent; tools that move raw items (an import, a backfill's rate limit in capacity units) measure with it too.
/// </summary>
public static class ItemSize
{
    /// <summary>DynamoDB's item size limit: 400 KB.</summary>
    public const int MaxItemBytes = 400 * 1024;

    /// <summary>Throws when <paramref name="item"/> is larger than DynamoDB allows.</summary>
    /// <exception cref="ArgumentException">The item is over 400 KB.</exception>
    internal static void EnsureWithinLimit(Dictionary<string, AttributeValue> item, string entityType, string paramName)
    {
        var size = Measure(item);
        if (size > MaxItemBytes)
        {
            throw new ArgumentException(
                $"The {entityType} item is {size:N0} bytes; DynamoDB allows at most {MaxItemBytes:N0} bytes (400 KB) an item.", paramName);
        }
    }

    /// <summary>The item's size in bytes, as DynamoDB counts it (<see cref="int.MaxValue"/> for an absurdly large one).</summary>
    /// <param name="item">The item as stored: attribute names and values.</param>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is null.</exception>
    public static int Measure(IReadOnlyDictionary<string, AttributeValue> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        long total = 0;
        foreach (var (name, value) in item)
        {
            total += Encoding.UTF8.GetByteCount(name) + Measure(value);
            if (total > int.MaxValue / 2)
            {
                return int.MaxValue;
            }
        }

        return (int)total;
    }

    private static long Measure(AttributeValue value)
    {
        switch (value)
        {
            case { S: { } s }:
                return Encoding.UTF8.GetByteCount(s);
            case { N: { } n }:
                // Numbers take about one byte per two significant digits, plus one.
                return (n.Length + 1) / 2 + 1;
            case { BOOL: not null }:
            case { NULL: true }:
                return 1;
            case { B: { } b }:
                return b.Length;
            case { SS: { } ss }:
                return ss.Sum(e => (long)Encoding.UTF8.GetByteCount(e));
            case { NS: { } ns }:
                return ns.Sum(e => (long)((e.Length + 1) / 2 + 1));
            case { BS: { } bs }:
                return bs.Sum(e => e.Length);
            case { L: { } list }:
                // Three bytes for the list, one a element.
                return 3 + list.Sum(e => 1 + Measure(e));
            case { M: { } map }:
                return 3 + map.Sum(e => 1 + Encoding.UTF8.GetByteCount(e.Key) + Measure(e.Value));
            default:
                return 1;
        }
    }
}
