namespace SaasUsers.Data;

/// <summary>
/// Where a change feed consumer is in one stream shard: the last sequence number its handlers finished, and
/// whether the shard is closed and read to its end. Stored at <c>FEED#{ConsumerName}</c> / <c>SHARD#{ShardId}</c>,
/// written after every delivered batch.
/// </summary>
[DynamoEntity("FEED#{ConsumerName}", "SHARD#{ShardId}", EntityType = "StreamCheckpoint")]
public sealed partial record StreamCheckpoint
{
    /// <summary>The consumer (<see cref="ChangeFeedOptions.ConsumerName"/>).</summary>
    public required string ConsumerName { get; init; }

    /// <summary>The shard.</summary>
    public required string ShardId { get; init; }

    /// <summary>The stream the shard belongs to.</summary>
    public required string StreamArn { get; init; }

    /// <summary>The sequence number of the last record delivered to every handler, or <see langword="null"/> when none was.</summary>
    public string? SequenceNumber { get; init; }

    /// <summary>Whether the shard is closed and every record of it was delivered.</summary>
    public bool Finished { get; init; }

    /// <summary>How many records were delivered from the shard.</summary>
    public long RecordCount { get; init; }

    /// <summary>When the checkpoint was written.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
