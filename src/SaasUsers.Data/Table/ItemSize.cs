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
    internal static void EnsureWithinLimit(Dictionary<string, AttributeValue> item, string entityType, string paramName) =>
        EnsureWithinLimit(item, 0, entityType, paramName);

    /// <summary>Throws when <paramref name="item"/> with <paramref name="extraBytes"/> more (an attribute the request adds) is larger than DynamoDB allows.</summary>
    /// <exception cref="ArgumentException">The item is over 400 KB.</exception>
    internal static void EnsureWithinLimit(Dictionary<string, AttributeValue> item, int extraBytes, string entityType, string paramName)
    {
        var size = (long)Measure(item) + extraBytes;
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

        // Items are the SDK's Dictionary (enumerated by its struct enumerator: no boxed interface enumerator a call).
        return Measure(item as Dictionary<string, AttributeValue> ?? new Dictionary<string, AttributeValue>(item, StringComparer.Ordinal));
    }

    private static int Measure(Dictionary<string, AttributeValue> item)
    {
        // Long: an absurd item must not overflow before it is caught.
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

    // Plain loops over the SDK's lists (no LINQ): this runs for every attribute of every item a put writes.
    private static long Measure(AttributeValue value)
    {
        long total = 0;
        switch (value)
        {
            case { S: { } s }:
                return Encoding.UTF8.GetByteCount(s);
            case { N: { } n }:
                return NumberSize(n);
            case { BOOL: not null }:
            case { NULL: true }:
                return 1;
            case { B: { } b }:
                return b.Length;
            case { SS: { } ss }:
                foreach (var element in ss)
                {
                    total += Encoding.UTF8.GetByteCount(element);
                }

                return total;
            case { NS: { } ns }:
                foreach (var element in ns)
                {
                    total += NumberSize(element);
                }

                return total;
            case { BS: { } bs }:
                foreach (var element in bs)
                {
                    total += element.Length;
                }

                return total;
            case { L: { } list }:
                // Three bytes for the list, one a element.
                total = 3;
                foreach (var element in list)
                {
                    total += 1 + Measure(element);
                }

                return total;
            case { M: { } map }:
                total = 3;
                foreach (var (name, element) in map)
                {
                    total += 1 + Encoding.UTF8.GetByteCount(name) + Measure(element);
                }

                return total;
            default:
                return 1;
        }
    }

    // Numbers take about one byte per two significant digits, plus one.
    private static long NumberSize(string number) => ((number.Length + 1) / 2) + 1;
}
