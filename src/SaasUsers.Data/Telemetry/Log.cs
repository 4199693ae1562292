using Microsoft.Extensions.Logging;

namespace SaasUsers.Data.Telemetry;

/// <summary>
/// The package's log messages, generated at compile time, in one class so that no two share an event id: the table
/// 1001-1099 and the provisioner 2001-2199 here, the change feed 3001-3099 (<c>ChangeFeedLog.cs</c>), the evolution
/// tools 4001-4299 (<c>EvolutionLog.cs</c>). No message ever holds a key value or secret.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, EventName = "BatchItemsUnprocessed", Level = LogLevel.Information,
        Message = "{Operation} on table {TableName} left {Count} items unprocessed; attempt {Attempt} of {MaxAttempts}, retrying in {DelayMs} ms.")]
    public static partial void BatchItemsUnprocessed(ILogger logger, string operation, string tableName, int count, int attempt, int maxAttempts, long delayMs);

    [LoggerMessage(EventId = 1002, EventName = "TransactionRetried", Level = LogLevel.Information,
        Message = "Transaction of {ActionCount} actions on table {TableName} was cancelled ({Reason}); attempt {Attempt} of {MaxAttempts}, retrying in {DelayMs} ms.")]
    public static partial void TransactionRetried(ILogger logger, int actionCount, string tableName, string reason, int attempt, int maxAttempts, long delayMs);

    [LoggerMessage(EventId = 1003, EventName = "ConditionFailed", Level = LogLevel.Debug,
        Message = "{Operation} of {EntityType} on table {TableName} was refused by its condition: {Outcome}.")]
    public static partial void ConditionFailed(ILogger logger, string operation, string entityType, string tableName, string outcome);

    [LoggerMessage(EventId = 1004, EventName = "CursorRejected", Level = LogLevel.Warning,
        Message = "A paging cursor was rejected on table {TableName}: {Reason}.")]
    public static partial void CursorRejected(ILogger logger, string tableName, InvalidCursorReason reason);

    [LoggerMessage(EventId = 1005, EventName = "EphemeralCursorKey", Level = LogLevel.Warning,
        Message = "No CursorSigningKey is configured: paging cursors are signed with a random per-process key and will not work across instances.")]
    public static partial void EphemeralCursorKey(ILogger logger);

    [LoggerMessage(EventId = 1006, EventName = "UnknownEntityType", Level = LogLevel.Debug,
        Message = "An item of unknown entity type {EntityType} on table {TableName} was returned undecoded.")]
    public static partial void UnknownEntityType(ILogger logger, string entityType, string tableName);

    [LoggerMessage(EventId = 1007, EventName = "OwnWriteRecognized", Level = LogLevel.Information,
        Message = "{Operation} of {EntityType} on table {TableName} was applied by an attempt whose answer was lost; the retry's failed condition found the write's own token, so the write succeeded.")]
    public static partial void OwnWriteRecognized(ILogger logger, string operation, string entityType, string tableName);

    [LoggerMessage(EventId = 1020, EventName = "DirectReadsUnavailable", Level = LogLevel.Warning,
        Message = "The direct read path cannot serve this DynamoDB client ({Reason}); reads go through the SDK's client.")]
    public static partial void DirectReadsUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 2001, EventName = "TableCreated", Level = LogLevel.Information,
        Message = "Created table {TableName} with {IndexCount} global secondary indexes.")]
    public static partial void TableCreated(ILogger logger, string tableName, int indexCount);

    [LoggerMessage(EventId = 2002, EventName = "TableCreatedConcurrently", Level = LogLevel.Information,
        Message = "Table {TableName} was being created by another process; waiting for it.")]
    public static partial void TableCreatedConcurrently(ILogger logger, string tableName);

    [LoggerMessage(EventId = 2003, EventName = "WaitingForTable", Level = LogLevel.Debug,
        Message = "Table {TableName} is {Status}; waiting {DelayMs} ms for it to become ACTIVE.")]
    public static partial void WaitingForTable(ILogger logger, string tableName, string status, long delayMs);

    [LoggerMessage(EventId = 2004, EventName = "IndexAdded", Level = LogLevel.Information,
        Message = "Added global secondary index {IndexName} to table {TableName}.")]
    public static partial void IndexAdded(ILogger logger, string indexName, string tableName);

    [LoggerMessage(EventId = 2005, EventName = "TableDiffers", Level = LogLevel.Warning,
        Message = "Table {TableName} differs from the model: {Difference}.")]
    public static partial void TableDiffers(ILogger logger, string tableName, string difference);

    [LoggerMessage(EventId = 2006, EventName = "TimeToLiveEnabled", Level = LogLevel.Information,
        Message = "Enabled time to live on attribute {AttributeName} of table {TableName}.")]
    public static partial void TimeToLiveEnabled(ILogger logger, string attributeName, string tableName);

    [LoggerMessage(EventId = 2007, EventName = "TableDeleted", Level = LogLevel.Information,
        Message = "Deleted table {TableName}.")]
    public static partial void TableDeleted(ILogger logger, string tableName);
}
