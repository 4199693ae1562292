using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data.Tests.Reliability.Support;

/// <summary>
/// Reads a test table whole (a consistent Scan: tests may scan their own table, the package never does) and renders
/// each item canonically, so "the table is unchanged" is a plain comparison of two lists.
/// </summary>
public static class TableSnapshot
{
    public static async Task<IReadOnlyList<string>> TakeAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        var items = await ScanAsync(client, tableName, cancellationToken);
        return items.Select(Render).Order(StringComparer.Ordinal).ToArray();
    }

    public static async Task<List<Dictionary<string, AttributeValue>>> ScanAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await client.ScanAsync(new ScanRequest { TableName = tableName, ExclusiveStartKey = start, ConsistentRead = true }, cancellationToken);
            items.AddRange(response.Items ?? []);
            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return items;
    }

    public static string Render(Dictionary<string, AttributeValue> item)
    {
        var builder = new StringBuilder();
        Append(builder, item);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, Dictionary<string, AttributeValue> map)
    {
        builder.Append('{');
        foreach (var (name, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            builder.Append(name).Append('=');
            Append(builder, value);
            builder.Append(';');
        }

        builder.Append('}');
    }

    private static void Append(StringBuilder builder, AttributeValue value)
    {
        switch (value)
        {
            case { S: { } s }:
                builder.Append("S:").Append(s.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(s);
                break;
            case { N: { } n }:
                builder.Append("N:").Append(n);
                break;
            case { BOOL: { } b }:
                builder.Append("BOOL:").Append(b ? "true" : "false");
                break;
            case { NULL: true }:
                builder.Append("NULL");
                break;
            case { SS: { Count: > 0 } ss }:
                builder.Append("SS:[").AppendJoin(',', ss.Order(StringComparer.Ordinal)).Append(']');
                break;
            case { L: { } list } when value.IsLSet:
                builder.Append("L:[");
                foreach (var element in list)
                {
                    Append(builder, element);
                    builder.Append(',');
                }

                builder.Append(']');
                break;
            case { M: { } map } when value.IsMSet:
                builder.Append("M:");
                Append(builder, map);
                break;
            default:
                builder.Append("?");
                break;
        }
    }
}
