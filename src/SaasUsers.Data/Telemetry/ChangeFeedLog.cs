using Microsoft.Extensions.Logging;

namespace SaasUsers.Data.Telemetry;

/// <summary>The change feed's log messages (event ids 2101 and 3001-3099). No message holds a key value or secret.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2101, EventName = "StreamEnabled", Level = LogLevel.Information,
        Message = "Enabled the stream (NEW_AND_OLD_IMAGES) of table {TableName}.")]
    public static partial void StreamEnabled(ILogger logger, string tableName);

    [LoggerMessage(EventId = 3001, EventName = "ChangeFeedFailed", Level = LogLevel.Error,
        Message = "Change feed consumer {ConsumerName} failed; trying again in {DelayMs} ms.")]
    public static partial void ChangeFeedFailed(ILogger logger, string consumerName, long delayMs, Exception exception);

    [LoggerMessage(EventId = 3002, EventName = "ChangeHandlerFailed", Level = LogLevel.Warning,
        Message = "Change handler {Handler} of consumer {ConsumerName} failed on {Count} changes of shard {ShardId} (attempt {Attempt}); the batch will be delivered again.")]
    public static partial void HandlerFailed(ILogger logger, string handler, string consumerName, string shardId, int count, int attempt, Exception exception);

    [LoggerMessage(EventId = 3003, EventName = "ShardFinished", Level = LogLevel.Information,
        Message = "Change feed consumer {ConsumerName} read closed shard {ShardId} to its end ({RecordCount} changes in all).")]
    public static partial void ShardFinished(ILogger logger, string consumerName, string shardId, long recordCount);

    [LoggerMessage(EventId = 3004, EventName = "CheckpointTrimmed", Level = LogLevel.Error,
        Message = "Change feed consumer {ConsumerName}: the checkpoint of shard {ShardId} is older than the stream keeps (24 hours); changes in between were lost to this consumer. Going on from the oldest record kept.")]
    public static partial void CheckpointTrimmed(ILogger logger, string consumerName, string shardId);

    [LoggerMessage(EventId = 3005, EventName = "LeaseAcquired", Level = LogLevel.Information,
        Message = "Change feed consumer {ConsumerName}: instance {Owner} holds the lease and reads the stream.")]
    public static partial void LeaseAcquired(ILogger logger, string consumerName, string owner);

    [LoggerMessage(EventId = 3006, EventName = "LeaseHeldElsewhere", Level = LogLevel.Debug,
        Message = "Change feed consumer {ConsumerName}: another instance holds the lease; instance {Owner} stands by.")]
    public static partial void LeaseHeldElsewhere(ILogger logger, string consumerName, string owner);

    [LoggerMessage(EventId = 3007, EventName = "LeaseLost", Level = LogLevel.Warning,
        Message = "Change feed consumer {ConsumerName}: instance {Owner} lost the lease (it was not renewed in time) and stops reading; the new holder goes on from the checkpoints.")]
    public static partial void LeaseLost(ILogger logger, string consumerName, string owner);
}
