using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data.Provisioning;

/// <summary>
/// The table the model needs: string keys <c>PK</c>/<c>SK</c>, one global secondary index <c>GSI{n}</c> (keys
/// <c>GSI{n}PK</c>/<c>GSI{n}SK</c>, all attributes projected) for each index the entities declare, and the
/// configured billing. Builds the create request and compares an existing table with it.
/// </summary>
internal sealed class TableDefinition
{
    private readonly TableModel _model;
    private readonly SaasUsersTableOptions _options;

    public TableDefinition(TableModel model, SaasUsersTableOptions options)
    {
        _model = model;
        _options = options;
    }

    public CreateTableRequest BuildCreateRequest(string tableName)
    {
        var attributes = new List<AttributeDefinition>
        {
            new() { AttributeName = ItemAttributeNames.PartitionKey, AttributeType = ScalarAttributeType.S },
            new() { AttributeName = ItemAttributeNames.SortKey, AttributeType = ScalarAttributeType.S },
        };
        foreach (var index in _model.Indexes)
        {
            attributes.Add(new AttributeDefinition { AttributeName = ItemAttributeNames.IndexPartitionKey(index), AttributeType = ScalarAttributeType.S });
            attributes.Add(new AttributeDefinition { AttributeName = ItemAttributeNames.IndexSortKey(index), AttributeType = ScalarAttributeType.S });
        }

        return new CreateTableRequest
        {
            TableName = tableName,
            AttributeDefinitions = attributes,
            KeySchema = KeySchema(ItemAttributeNames.PartitionKey, ItemAttributeNames.SortKey),
            GlobalSecondaryIndexes = _model.Indexes.Count == 0 ? null : _model.Indexes.Select(BuildIndex).ToList(),
            BillingMode = IsProvisioned ? BillingMode.PROVISIONED : BillingMode.PAY_PER_REQUEST,
            ProvisionedThroughput = IsProvisioned ? Throughput() : null,
            DeletionProtectionEnabled = _options.DeletionProtection,
            StreamSpecification = _options.EnableStream ? Stream : null,
            Tags = _options.Tags.Count == 0 ? null : _options.Tags.Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList(),
        };
    }

    /// <summary>The stream the change feed needs: new and old images, so a change can be decoded both ways.</summary>
    public static StreamSpecification Stream => new() { StreamEnabled = true, StreamViewType = StreamViewType.NEW_AND_OLD_IMAGES };

    /// <summary>Whether <paramref name="table"/> has the stream <see cref="Stream"/> describes.</summary>
    public static bool HasStream(TableDescription table) =>
        table.StreamSpecification is { StreamEnabled: true } spec && spec.StreamViewType == StreamViewType.NEW_AND_OLD_IMAGES;

    public GlobalSecondaryIndex BuildIndex(int index) => new()
    {
        IndexName = ItemAttributeNames.IndexName(index),
        KeySchema = KeySchema(ItemAttributeNames.IndexPartitionKey(index), ItemAttributeNames.IndexSortKey(index)),
        Projection = new Projection { ProjectionType = ProjectionType.ALL },
        ProvisionedThroughput = IsProvisioned ? Throughput() : null,
    };

    public List<AttributeDefinition> IndexAttributeDefinitions(int index) =>
    [
        new() { AttributeName = ItemAttributeNames.IndexPartitionKey(index), AttributeType = ScalarAttributeType.S },
        new() { AttributeName = ItemAttributeNames.IndexSortKey(index), AttributeType = ScalarAttributeType.S },
    ];

    /// <summary>
    /// Compares an existing table with the model; <paramref name="missingIndexes"/> gets the model's indexes the table
    /// lacks. <paramref name="timeToLive"/> is the table's time to live, or <see langword="null"/> when the model has no
    /// time-to-live attribute (so it was not read).
    /// </summary>
    public List<TableDifference> Compare(TableDescription table, TimeToLiveDescription? timeToLive, List<int> missingIndexes)
    {
        var differences = new List<TableDifference>();
        var types = (table.AttributeDefinitions ?? []).ToDictionary(a => a.AttributeName, a => a.AttributeType?.Value ?? "?", StringComparer.Ordinal);

        var expectedKeys = DescribeKeys(ItemAttributeNames.PartitionKey, ItemAttributeNames.SortKey);
        var actualKeys = DescribeKeys(table.KeySchema, types);
        if (expectedKeys != actualKeys)
        {
            differences.Add(new TableDifference("KeySchema", expectedKeys, actualKeys, Blocking: true));
        }

        var tableIndexes = (table.GlobalSecondaryIndexes ?? []).ToDictionary(i => i.IndexName, StringComparer.Ordinal);
        foreach (var index in _model.Indexes)
        {
            var name = ItemAttributeNames.IndexName(index);
            var expected = DescribeKeys(ItemAttributeNames.IndexPartitionKey(index), ItemAttributeNames.IndexSortKey(index)) + ", projection ALL";
            if (!tableIndexes.TryGetValue(name, out var actual))
            {
                missingIndexes.Add(index);
                differences.Add(_options.AddMissingIndexes
                    ? new TableDifference($"Index {name}", expected, "no such index", Blocking: false)
                    : new TableDifference($"Index {name}", expected, $"no such index (the option {nameof(SaasUsersTableOptions.AddMissingIndexes)} = true adds it)", Blocking: true));
                continue;
            }

            var actualText = DescribeKeys(actual.KeySchema, types) + ", projection " + (actual.Projection?.ProjectionType?.Value ?? "?");
            if (expected != actualText)
            {
                differences.Add(new TableDifference($"Index {name}", expected, actualText, Blocking: true));
            }
        }

        var modelIndexNames = _model.Indexes.Select(ItemAttributeNames.IndexName).ToHashSet(StringComparer.Ordinal);
        foreach (var extra in tableIndexes.Keys.Where(n => !modelIndexNames.Contains(n)).Order(StringComparer.Ordinal))
        {
            differences.Add(new TableDifference($"Index {extra}", "not in the model", "present", Blocking: false));
        }

        if (_model.TimeToLiveAttributeName is { } ttlAttribute && timeToLive is not null)
        {
            var status = timeToLive.TimeToLiveStatus?.Value ?? "DISABLED";
            var on = status is "ENABLED" or "ENABLING";
            if (!on)
            {
                differences.Add(new TableDifference(TimeToLiveSubject, $"ENABLED on {ttlAttribute}", status, Blocking: false));
            }
            else if (!string.Equals(timeToLive.AttributeName, ttlAttribute, StringComparison.Ordinal))
            {
                // DynamoDB has one time-to-live attribute a table; switching it means disabling first, which this never does.
                differences.Add(new TableDifference(TimeToLiveSubject, $"ENABLED on {ttlAttribute}", $"{status} on {timeToLive.AttributeName}", Blocking: false));
            }
        }

        if (_options.EnableStream)
        {
            // The change feed needs new and old images; a missing stream is added by ensuring (EnableStream).
            if (!HasStream(table))
            {
                var actual = table.StreamSpecification is { StreamEnabled: true } other ? "enabled, " + (other.StreamViewType?.Value ?? "?") : "off";
                differences.Add(new TableDifference(StreamSubject, "enabled, NEW_AND_OLD_IMAGES", actual, Blocking: false));
            }
        }
        else if (table.StreamSpecification is { StreamEnabled: true } stream)
        {
            // The model needs no stream; one that is on costs nothing here and may feed other consumers: report it only.
            differences.Add(new TableDifference(StreamSubject, "not used by the model", "enabled, " + (stream.StreamViewType?.Value ?? "?"), Blocking: false));
        }

        var expectedBilling = IsProvisioned ? "PROVISIONED" : "PAY_PER_REQUEST";
        // A table created as provisioned and never switched has no billing summary.
        var actualBilling = table.BillingModeSummary?.BillingMode?.Value ?? "PROVISIONED";
        if (expectedBilling != actualBilling)
        {
            differences.Add(new TableDifference("BillingMode", expectedBilling, actualBilling, Blocking: false));
        }

        return differences;
    }

    /// <summary>The subject of a time-to-live difference.</summary>
    public const string TimeToLiveSubject = "TimeToLive";

    /// <summary>The subject of a stream difference.</summary>
    public const string StreamSubject = "Stream";

    /// <summary>Whether a time-to-live difference can be fixed by enabling it (it is off, not on another attribute).</summary>
    public static bool IsTimeToLiveOff(TableDifference difference) =>
        difference.Subject == TimeToLiveSubject && !difference.Actual.Contains(" on ", StringComparison.Ordinal);

    private bool IsProvisioned => _options.BillingMode == TableBillingMode.Provisioned;

    private ProvisionedThroughput Throughput() => new()
    {
        ReadCapacityUnits = _options.ReadCapacityUnits,
        WriteCapacityUnits = _options.WriteCapacityUnits,
    };

    private static List<KeySchemaElement> KeySchema(string partitionKey, string sortKey) =>
    [
        new() { AttributeName = partitionKey, KeyType = KeyType.HASH },
        new() { AttributeName = sortKey, KeyType = KeyType.RANGE },
    ];

    private static string DescribeKeys(string partitionKey, string sortKey) => $"HASH {partitionKey} (S), RANGE {sortKey} (S)";

    private static string DescribeKeys(List<KeySchemaElement>? schema, Dictionary<string, string> types)
    {
        if (schema is null || schema.Count == 0)
        {
            return "no keys";
        }

        return string.Join(", ", schema
            .OrderBy(k => k.KeyType == KeyType.HASH ? 0 : 1)
            .Select(k => $"{k.KeyType?.Value} {k.AttributeName} ({(types.TryGetValue(k.AttributeName, out var t) ? t : "?")})"));
    }
}
