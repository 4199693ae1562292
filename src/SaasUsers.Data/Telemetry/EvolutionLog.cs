using Microsoft.Extensions.Logging;

namespace SaasUsers.Data.Telemetry;

/// <summary>The log messages of the table evolution tools: backfill 4001-4099, migrations 4101-4199, export and import 4201-4299.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, EventName = "BackfillStarted", Level = LogLevel.Information,
        Message = "Backfill {RunName} of table {TableName} started with {Segments} segments (dry run: {DryRun}, resumed: {Resumed}).")]
    public static partial void BackfillStarted(ILogger logger, string runName, string tableName, int segments, bool dryRun, bool resumed);

    [LoggerMessage(EventId = 4002, EventName = "BackfillFinished", Level = LogLevel.Information,
        Message = "Backfill {RunName} of table {TableName} finished: {Scanned} scanned, {Rewritten} rewritten, {Unchanged} unchanged, {Failed} failed.")]
    public static partial void BackfillFinished(ILogger logger, string runName, string tableName, long scanned, long rewritten, long unchanged, long failed);

    [LoggerMessage(EventId = 4101, EventName = "MigrationApplying", Level = LogLevel.Information,
        Message = "Applying migration {Version} {Name} to table {TableName}.")]
    public static partial void MigrationApplying(ILogger logger, long version, string name, string tableName);

    [LoggerMessage(EventId = 4102, EventName = "MigrationApplied", Level = LogLevel.Information,
        Message = "Applied migration {Version} {Name} to table {TableName} in {DurationMs} ms.")]
    public static partial void MigrationApplied(ILogger logger, long version, string name, string tableName, long durationMs);

    [LoggerMessage(EventId = 4103, EventName = "MigrationFailed", Level = LogLevel.Error,
        Message = "Migration {Version} {Name} of table {TableName} failed; the run stopped and the migration is retried next time.")]
    public static partial void MigrationFailed(ILogger logger, Exception exception, long version, string name, string tableName);

    [LoggerMessage(EventId = 4104, EventName = "MigrationLeaseWaiting", Level = LogLevel.Information,
        Message = "Another instance ({Owner}) holds the migration lease of table {TableName}; waiting {DelayMs} ms.")]
    public static partial void MigrationLeaseWaiting(ILogger logger, string owner, string tableName, long delayMs);

    [LoggerMessage(EventId = 4201, EventName = "ImportFinished", Level = LogLevel.Information,
        Message = "Imported {Items} items into table {TableName}.")]
    public static partial void ImportFinished(ILogger logger, long items, string tableName);

    [LoggerMessage(EventId = 4202, EventName = "ExportFinished", Level = LogLevel.Information,
        Message = "Exported {Items} items from table {TableName}.")]
    public static partial void ExportFinished(ILogger logger, long items, string tableName);
}
