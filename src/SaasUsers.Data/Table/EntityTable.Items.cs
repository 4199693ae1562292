using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Telemetry;

namespace SaasUsers.Data;

// Items as stored (attribute maps), for tools that must see every attribute of any entity type: backfill, export,
// import. Application code reads and writes entities.
public sealed partial class EntityTable
{
    // DynamoDB's limit on each expression string.
    private const int MaxExpressionLength = 4096;

    /// <inheritdoc />
    public async Task<Dictionary<string, AttributeValue>?> GetItemAsync(PrimaryKey key, bool consistentRead = false, CancellationToken cancellationToken = default)
    {
        var request = new GetItemRequest
        {
            TableName = TableName,
            Key = key.ToAttributes(nameof(key)),
            ConsistentRead = consistentRead,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        };

        using var scope = TableInstrumentation.Start("GetItem", TableName, null);
        var response = await SendAsync(scope, "GetItem", () => _client.GetItemAsync(request, cancellationToken), r => r.ConsumedCapacity, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    /// <inheritdoc />
    public async Task<QueryPage<Dictionary<string, AttributeValue>>> QueryItemsAsync(ItemQuery query, CancellationToken cancellationToken = default)
    {
        var (items, next) = await QueryItemsAsync(query, null, cancellationToken).ConfigureAwait(false);
        return new QueryPage<Dictionary<string, AttributeValue>>(items, next);
    }

    /// <inheritdoc />
    public async Task<ItemScanPage> ScanItemsAsync(ItemScan scan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scan);
        if (scan.TotalSegments is < 1 or > ItemScan.MaxSegments)
        {
            throw new ArgumentOutOfRangeException(nameof(scan), scan.TotalSegments, $"TotalSegments must be from 1 to {ItemScan.MaxSegments:N0}.");
        }

        if (scan.Segment < 0 || scan.Segment >= scan.TotalSegments)
        {
            throw new ArgumentOutOfRangeException(nameof(scan), scan.Segment, $"Segment must be from 0 to TotalSegments - 1 ({scan.TotalSegments - 1}).");
        }

        if (scan.PageSize is < 1 or > ItemQuery.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(scan), scan.PageSize, $"PageSize must be from 1 to {ItemQuery.MaxPageSize}.");
        }

        var attributes = new ExpressionAttributes();
        string? filter = null;
        if (scan.EntityTypes is { } types)
        {
            if (types.Count is 0 or > 100 || types.Any(string.IsNullOrEmpty))
            {
                throw new ArgumentException("EntityTypes must name 1 to 100 entity types, none empty (or be null for every item).", nameof(scan));
            }

            var name = attributes.Name(ItemAttributeNames.EntityType);
            filter = name + " IN (" + string.Join(", ", types.Select(t => attributes.Value(new AttributeValue { S = t }))) + ")";
        }

        var request = new ScanRequest
        {
            TableName = TableName,
            Segment = scan.TotalSegments > 1 ? scan.Segment : null,
            TotalSegments = scan.TotalSegments > 1 ? scan.TotalSegments : null,
            ExclusiveStartKey = scan.StartAfter is { } start ? start.ToAttributes(nameof(scan)) : null,
            Limit = scan.PageSize,
            ConsistentRead = scan.ConsistentRead,
            FilterExpression = filter,
            ExpressionAttributeNames = attributes.NamesOrNull,
            ExpressionAttributeValues = attributes.ValuesOrNull,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        };

        using var scope = TableInstrumentation.Start("Scan", TableName, null);
        var response = await SendAsync(scope, "Scan", () => _client.ScanAsync(request, cancellationToken), r => r.ConsumedCapacity, cancellationToken).ConfigureAwait(false);
        var items = response.Items ?? [];
        PrimaryKey? last = response.LastEvaluatedKey is { Count: > 0 } lastKey ? ToPrimaryKey(lastKey) : null;
        var scanned = response.ScannedCount ?? items.Count;
        var units = response.ConsumedCapacity?.CapacityUnits ?? 0;
        if (units <= 0)
        {
            // DynamoDB Local reports none: estimate as DynamoDB charges, 4 KB a unit, half for eventually consistent reads.
            var bytes = items.Count == 0 ? 0 : items.Sum(ItemSize.Measure) / (double)items.Count * scanned;
            units = Math.Max(1, Math.Ceiling(bytes / 4096)) * (scan.ConsistentRead ? 1 : 0.5);
        }

        return new ItemScanPage(items, last, scanned, units);
    }

    /// <inheritdoc />
    public async Task<bool> ReplaceItemAsync(
        IReadOnlyDictionary<string, AttributeValue> expected,
        IReadOnlyDictionary<string, AttributeValue> replacement,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(replacement);
        var key = PrimaryKey.FromItem(expected, nameof(expected));
        if (PrimaryKey.FromItem(replacement, nameof(replacement)) != key)
        {
            throw new ArgumentException($"The replacement has another key than the expected item ({key}); a replacement keeps the key.", nameof(replacement));
        }

        var replacementItem = replacement as Dictionary<string, AttributeValue> ?? new Dictionary<string, AttributeValue>(replacement, StringComparer.Ordinal);
        ItemSize.EnsureWithinLimit(replacementItem, replacement.TryGetValue(ItemAttributeNames.EntityType, out var type) ? type.S ?? "item" : "item", nameof(replacement));

        var attributes = new ExpressionAttributes();
        var sets = new List<string>();
        var removes = new List<string>();
        var conditions = new List<string> { ItemConditions.Exists(attributes) };
        foreach (var (name, value) in expected)
        {
            if (name is ItemAttributeNames.PartitionKey or ItemAttributeNames.SortKey)
            {
                continue;
            }

            conditions.Add(attributes.Name(name) + " = " + attributes.Value(value));
            if (!replacement.TryGetValue(name, out var next))
            {
                removes.Add(attributes.Name(name));
            }
            else if (!ItemEquality.Equal(value, next))
            {
                sets.Add(attributes.Name(name) + " = " + attributes.Value(next));
            }
        }

        foreach (var (name, value) in replacement)
        {
            if (name is ItemAttributeNames.PartitionKey or ItemAttributeNames.SortKey || expected.ContainsKey(name))
            {
                continue;
            }

            // Absent when read: a writer that added it since is newer than this replacement.
            conditions.Add(ItemConditions.AttributeAbsent(name, attributes));
            sets.Add(attributes.Name(name) + " = " + attributes.Value(value));
        }

        if (sets.Count == 0 && removes.Count == 0)
        {
            return true;
        }

        var update = (sets.Count > 0 ? "SET " + string.Join(", ", sets) : string.Empty)
            + (removes.Count > 0 ? (sets.Count > 0 ? " " : string.Empty) + "REMOVE " + string.Join(", ", removes) : string.Empty);
        var condition = string.Join(" AND ", conditions);
        if (condition.Length > MaxExpressionLength || update.Length > MaxExpressionLength)
        {
            throw new ArgumentException(
                $"The item {key} has too many attributes ({expected.Count}) to compare and replace in one request: DynamoDB allows expressions of {MaxExpressionLength.ToString(CultureInfo.InvariantCulture)} characters.",
                nameof(expected));
        }

        var request = new UpdateItemRequest
        {
            TableName = TableName,
            Key = key.ToAttributes(nameof(expected)),
            UpdateExpression = update,
            ConditionExpression = condition,
            ExpressionAttributeNames = attributes.NamesOrNull,
            ExpressionAttributeValues = attributes.ValuesOrNull,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        };

        using var scope = TableInstrumentation.Start("ReplaceItem", TableName, type?.S);
        try
        {
            await SendAsync(scope, "UpdateItem", () => _client.UpdateItemAsync(request, cancellationToken), r => r.ConsumedCapacity, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            // The item changed (or went) since it was read: the caller reads it again and decides.
            return false;
        }
    }
}
