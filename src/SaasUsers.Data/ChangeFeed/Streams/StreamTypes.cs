namespace SaasUsers.Data;

/// <summary>A stream of a table.</summary>
/// <param name="StreamArn">The stream's ARN.</param>
/// <param name="StreamLabel">The stream's label (its creation time).</param>
/// <param name="TableName">The table.</param>
public sealed record TableStreamInfo(string StreamArn, string StreamLabel, string TableName);

/// <summary>A shard of a stream.</summary>
/// <param name="ShardId">The shard's id.</param>
/// <param name="ParentShardId">The shard it was split from, whose records come first, or <see langword="null"/>.</param>
/// <param name="StartingSequenceNumber">The first sequence number of the shard.</param>
/// <param name="EndingSequenceNumber">The last sequence number once the shard is closed; <see langword="null"/> while it is open.</param>
public sealed record StreamShard(string ShardId, string? ParentShardId, string? StartingSequenceNumber, string? EndingSequenceNumber)
{
    /// <summary>Whether the shard is closed (takes no new records).</summary>
    public bool IsClosed => EndingSequenceNumber is not null;
}

/// <summary>One page of a stream's description.</summary>
/// <param name="StreamArn">The stream's ARN.</param>
/// <param name="StreamStatus"><c>ENABLING</c>, <c>ENABLED</c>, <c>DISABLING</c> or <c>DISABLED</c>.</param>
/// <param name="StreamViewType">What the records carry, for example <c>NEW_AND_OLD_IMAGES</c>.</param>
/// <param name="Shards">The shards of this page.</param>
/// <param name="LastEvaluatedShardId">Where the next page starts, or <see langword="null"/> on the last page.</param>
public sealed record StreamShardPage(string StreamArn, string StreamStatus, string StreamViewType, IReadOnlyList<StreamShard> Shards, string? LastEvaluatedShardId);

/// <summary>The records one <c>GetRecords</c> returned.</summary>
/// <param name="Records">The records, in sequence order.</param>
/// <param name="NextShardIterator">The iterator of the next page; <see langword="null"/> when the shard is closed and read to its end.</param>
public sealed record StreamRecordsPage(IReadOnlyList<StreamChangeRecord> Records, string? NextShardIterator);

/// <summary>Where a shard iterator starts.</summary>
public enum ShardIteratorPosition
{
    /// <summary>At the oldest record the stream keeps (24 hours).</summary>
    TrimHorizon,

    /// <summary>After the newest record: only changes from now on.</summary>
    Latest,

    /// <summary>At a given sequence number.</summary>
    AtSequenceNumber,

    /// <summary>Just after a given sequence number (to resume from a checkpoint).</summary>
    AfterSequenceNumber,
}
