using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.ChangeFeed.Streams;

namespace SaasUsers.Data;

/// <summary>
/// Decodes stream records into <see cref="TableChange"/>s with the model's generated mappers: records read through
/// the Streams API (<see cref="TableStreamClient"/>) and the JSON a Lambda function receives from a DynamoDB
/// stream event source (no Lambda package needed). Thread-safe.
/// </summary>
public sealed class TableChangeReader
{
    /// <summary>The principal AWS names on a time-to-live deletion's record.</summary>
    public const string TimeToLivePrincipal = "dynamodb.amazonaws.com";

    /// <summary>The event name DynamoDB Local gives a time-to-live deletion's record (it has no user identity).</summary>
    public const string DynamoDbLocalExpiryEventName = "UNKNOWN_TO_SDK_VERSION";

    private readonly TableModel _model;

    /// <summary>Creates the reader.</summary>
    /// <param name="model">The entity types of the table.</param>
    public TableChangeReader(TableModel model)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
    }

    /// <summary>Decodes one record.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The typed change.</returns>
    /// <exception cref="FormatException">The record has an unknown event name or lacks its keys.</exception>
    public TableChange Read(StreamChangeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var kind = KindOf(record);
        var pk = TableChange.ReadString(record.Keys, ItemAttributeNames.PartitionKey);
        var sk = TableChange.ReadString(record.Keys, ItemAttributeNames.SortKey);
        if (pk is null || sk is null)
        {
            throw new FormatException($"Stream record {record.EventId} has no string PK/SK keys; it is not from a SaasUsers table.");
        }

        var image = record.NewImage ?? record.OldImage;
        var entityType = TableChange.ReadString(image, ItemAttributeNames.EntityType);
        var role = RoleOf(entityType);
        object? oldEntity = null;
        object? newEntity = null;
        EntityMappingException? error = null;
        if (entityType is not null && _model.TryGetMapper(entityType, out var mapper))
        {
            try
            {
                oldEntity = record.OldImage is null ? null : mapper.FromItemAsObject(Copy(record.OldImage));
                newEntity = record.NewImage is null ? null : mapper.FromItemAsObject(Copy(record.NewImage));
            }
            catch (EntityMappingException exception)
            {
                error = exception;
                oldEntity = newEntity = null;
            }
        }
        else if (role == TableItemRole.Entity)
        {
            role = TableItemRole.Unknown;
        }

        return new TableChange(record, kind, new PrimaryKey(pk, sk), entityType, role, oldEntity, newEntity, error);
    }

    /// <summary>Decodes records, in order.</summary>
    /// <param name="records">The records.</param>
    /// <returns>The typed changes.</returns>
    public IReadOnlyList<TableChange> Read(IEnumerable<StreamChangeRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records.Select(Read).ToArray();
    }

    /// <summary>
    /// Decodes the event a Lambda function receives from a DynamoDB stream (<c>{"Records": [{"eventName": ...,
    /// "dynamodb": {...}}]}</c>), as UTF-8 JSON.
    /// </summary>
    /// <param name="utf8Json">The event's JSON.</param>
    /// <returns>The typed changes, in the event's order.</returns>
    /// <exception cref="FormatException">The JSON is not a DynamoDB stream event.</exception>
    public IReadOnlyList<TableChange> ReadLambdaEvent(ReadOnlySpan<byte> utf8Json)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException exception)
        {
            throw new FormatException("The Lambda event is not valid JSON: " + exception.Message, exception);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Records", out var records) || records.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("The Lambda event has no 'Records' array; it is not a DynamoDB stream event.");
            }

            return records.EnumerateArray().Select((r, i) => Read(ChangeRecordJson.Read(r, $"Records[{i}]"))).ToArray();
        }
    }

    /// <inheritdoc cref="ReadLambdaEvent(ReadOnlySpan{byte})"/>
    public IReadOnlyList<TableChange> ReadLambdaEvent(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return ReadLambdaEvent(System.Text.Encoding.UTF8.GetBytes(json));
    }

    private static TableChangeKind KindOf(StreamChangeRecord record) => record.EventName switch
    {
        "INSERT" => TableChangeKind.Inserted,
        "MODIFY" => TableChangeKind.Modified,
        "REMOVE" when record.UserIdentity is { Type: "Service", PrincipalId: TimeToLivePrincipal } => TableChangeKind.Expired,
        "REMOVE" => TableChangeKind.Removed,
        DynamoDbLocalExpiryEventName when record.NewImage is null && record.UserIdentity is null => TableChangeKind.Expired,
        _ => throw new FormatException($"Stream record {record.EventId} has event name '{record.EventName}', which is not INSERT, MODIFY, REMOVE or DynamoDB Local's expiry."),
    };

    private static TableItemRole RoleOf(string? entityType) => entityType switch
    {
        null => TableItemRole.Unknown,
        _ when SaasUsersModel.IsLookupEntityType(entityType) => TableItemRole.Lookup,
        _ when SaasUsersModel.IsFeedEntityType(entityType) => TableItemRole.Feed,
        _ => TableItemRole.Entity,
    };

    // Mappers take a mutable dictionary; the record's images stay as they came.
    private static Dictionary<string, AttributeValue> Copy(IReadOnlyDictionary<string, AttributeValue> image) =>
        new(image, StringComparer.Ordinal);
}
