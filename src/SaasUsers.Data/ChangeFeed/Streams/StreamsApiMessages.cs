using System.Text.Json;
using System.Text.Json.Serialization;

namespace SaasUsers.Data.ChangeFeed.Streams;

// The DynamoDB Streams API's JSON messages (only the members the package reads), serialized by StreamsJsonContext.

internal sealed class ListStreamsRequest
{
    [JsonPropertyName("TableName")]
    public string? TableName { get; set; }

    [JsonPropertyName("ExclusiveStartStreamArn")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ExclusiveStartStreamArn { get; set; }
}

internal sealed class ListStreamsResponse
{
    [JsonPropertyName("Streams")]
    public List<StreamEntry>? Streams { get; set; }

    [JsonPropertyName("LastEvaluatedStreamArn")]
    public string? LastEvaluatedStreamArn { get; set; }
}

internal sealed class StreamEntry
{
    [JsonPropertyName("StreamArn")]
    public string? StreamArn { get; set; }

    [JsonPropertyName("StreamLabel")]
    public string? StreamLabel { get; set; }

    [JsonPropertyName("TableName")]
    public string? TableName { get; set; }
}

internal sealed class DescribeStreamRequest
{
    [JsonPropertyName("StreamArn")]
    public string? StreamArn { get; set; }

    [JsonPropertyName("ExclusiveStartShardId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ExclusiveStartShardId { get; set; }

    [JsonPropertyName("Limit")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Limit { get; set; }
}

internal sealed class DescribeStreamResponse
{
    [JsonPropertyName("StreamDescription")]
    public StreamDescriptionMessage? StreamDescription { get; set; }
}

internal sealed class StreamDescriptionMessage
{
    [JsonPropertyName("StreamArn")]
    public string? StreamArn { get; set; }

    [JsonPropertyName("StreamStatus")]
    public string? StreamStatus { get; set; }

    [JsonPropertyName("StreamViewType")]
    public string? StreamViewType { get; set; }

    [JsonPropertyName("Shards")]
    public List<ShardMessage>? Shards { get; set; }

    [JsonPropertyName("LastEvaluatedShardId")]
    public string? LastEvaluatedShardId { get; set; }
}

internal sealed class ShardMessage
{
    [JsonPropertyName("ShardId")]
    public string? ShardId { get; set; }

    [JsonPropertyName("ParentShardId")]
    public string? ParentShardId { get; set; }

    [JsonPropertyName("SequenceNumberRange")]
    public SequenceNumberRangeMessage? SequenceNumberRange { get; set; }
}

internal sealed class SequenceNumberRangeMessage
{
    [JsonPropertyName("StartingSequenceNumber")]
    public string? StartingSequenceNumber { get; set; }

    [JsonPropertyName("EndingSequenceNumber")]
    public string? EndingSequenceNumber { get; set; }
}

internal sealed class GetShardIteratorRequest
{
    [JsonPropertyName("StreamArn")]
    public string? StreamArn { get; set; }

    [JsonPropertyName("ShardId")]
    public string? ShardId { get; set; }

    [JsonPropertyName("ShardIteratorType")]
    public string? ShardIteratorType { get; set; }

    [JsonPropertyName("SequenceNumber")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SequenceNumber { get; set; }
}

internal sealed class GetShardIteratorResponse
{
    [JsonPropertyName("ShardIterator")]
    public string? ShardIterator { get; set; }
}

internal sealed class GetRecordsRequest
{
    [JsonPropertyName("ShardIterator")]
    public string? ShardIterator { get; set; }

    [JsonPropertyName("Limit")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Limit { get; set; }
}

internal sealed class GetRecordsResponse
{
    // Decoded by ChangeRecordJson, which reads both this shape and a Lambda event's.
    [JsonPropertyName("Records")]
    public List<JsonElement>? Records { get; set; }

    [JsonPropertyName("NextShardIterator")]
    public string? NextShardIterator { get; set; }
}

[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Default)]
[JsonSerializable(typeof(ListStreamsRequest))]
[JsonSerializable(typeof(ListStreamsResponse))]
[JsonSerializable(typeof(DescribeStreamRequest))]
[JsonSerializable(typeof(DescribeStreamResponse))]
[JsonSerializable(typeof(GetShardIteratorRequest))]
[JsonSerializable(typeof(GetShardIteratorResponse))]
[JsonSerializable(typeof(GetRecordsRequest))]
[JsonSerializable(typeof(GetRecordsResponse))]
internal sealed partial class StreamsJsonContext : JsonSerializerContext
{
}
