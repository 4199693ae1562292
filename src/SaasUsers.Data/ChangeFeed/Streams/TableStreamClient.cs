using Amazon.DynamoDBv2;
using Amazon.Runtime;
using SaasUsers.Data.ChangeFeed.Streams;
using SaasUsers.Data.Http;
using SaasUsers.Data.Http.Signing;

namespace SaasUsers.Data;

/// <summary>
/// A small client of the DynamoDB Streams API (<c>ListStreams</c>, <c>DescribeStream</c>, <c>GetShardIterator</c>,
/// <c>GetRecords</c>): JSON over HTTP, signed with SigV4 using the SDK's credentials, retried on throttling and
/// server errors. The AWS SDK version the package builds on has no Streams client. Thread-safe.
/// </summary>
public class TableStreamClient
{
    /// <summary>The <c>X-Amz-Target</c> prefix of the Streams API.</summary>
    public const string TargetPrefix = "DynamoDBStreams_20120810";

    private readonly AwsJsonClient _client;

    /// <summary>
    /// Creates a client that sends to the same place, as the same identity, as <paramref name="dynamoDb"/>'s
    /// configuration says: its service URL (DynamoDB Local serves the Streams API on the table endpoint) or the
    /// region's <c>streams.dynamodb</c> endpoint, and <paramref name="credentials"/> or the SDK's default chain.
    /// </summary>
    /// <param name="httpClient">The HTTP client to send with (from <c>IHttpClientFactory</c>, or one kept for the process).</param>
    /// <param name="dynamoDb">The DynamoDB client whose endpoint, region and retry count to follow.</param>
    /// <param name="credentials">The credentials to sign with; the SDK's default chain when null.</param>
    /// <param name="timeProvider">The clock for signatures and back-off; the system clock when null.</param>
    public TableStreamClient(HttpClient httpClient, IAmazonDynamoDB dynamoDb, AWSCredentials? credentials = null, TimeProvider? timeProvider = null)
        : this(httpClient, CreateEndpoint(dynamoDb, credentials), timeProvider)
    {
    }

    internal TableStreamClient(HttpClient httpClient, AwsJsonEndpoint endpoint, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _client = new AwsJsonClient(httpClient, endpoint, timeProvider);
    }

    /// <summary>Protected constructor for mocks.</summary>
    protected TableStreamClient()
    {
        _client = null!;
    }

    /// <summary>The Streams API endpoint the client sends to.</summary>
    public virtual Uri Endpoint => _client.Endpoint.Url;

    /// <summary>Lists the streams of a table, newest first as DynamoDB returns them (one <c>ListStreams</c> a page).</summary>
    /// <param name="tableName">The table.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The streams' ARNs and labels.</returns>
    public virtual async Task<IReadOnlyList<TableStreamInfo>> ListStreamsAsync(string tableName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        var streams = new List<TableStreamInfo>();
        string? start = null;
        do
        {
            var response = await _client.SendAsync(
                "ListStreams",
                new ListStreamsRequest { TableName = tableName, ExclusiveStartStreamArn = start },
                StreamsJsonContext.Default.ListStreamsRequest,
                StreamsJsonContext.Default.ListStreamsResponse,
                cancellationToken).ConfigureAwait(false);
            foreach (var entry in response.Streams ?? [])
            {
                if (entry.StreamArn is { } arn)
                {
                    streams.Add(new TableStreamInfo(arn, entry.StreamLabel ?? string.Empty, entry.TableName ?? tableName));
                }
            }

            start = response.LastEvaluatedStreamArn;
        }
        while (start is not null);

        return streams;
    }

    /// <summary>Describes a stream and one page of its shards (one <c>DescribeStream</c>).</summary>
    /// <param name="streamArn">The stream.</param>
    /// <param name="exclusiveStartShardId">The last shard of the page before, or <see langword="null"/> for the first page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stream's status and the page of shards.</returns>
    public virtual async Task<StreamShardPage> DescribeStreamAsync(string streamArn, string? exclusiveStartShardId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(streamArn);
        var response = await _client.SendAsync(
            "DescribeStream",
            new DescribeStreamRequest { StreamArn = streamArn, ExclusiveStartShardId = exclusiveStartShardId },
            StreamsJsonContext.Default.DescribeStreamRequest,
            StreamsJsonContext.Default.DescribeStreamResponse,
            cancellationToken).ConfigureAwait(false);
        var description = response.StreamDescription ?? new StreamDescriptionMessage();
        var shards = (description.Shards ?? [])
            .Where(s => s.ShardId is not null)
            .Select(s => new StreamShard(s.ShardId!, s.ParentShardId, s.SequenceNumberRange?.StartingSequenceNumber, s.SequenceNumberRange?.EndingSequenceNumber))
            .ToArray();
        return new StreamShardPage(description.StreamArn ?? streamArn, description.StreamStatus ?? string.Empty, description.StreamViewType ?? string.Empty, shards, description.LastEvaluatedShardId);
    }

    /// <summary>Every shard of a stream, following <c>LastEvaluatedShardId</c> (one <c>DescribeStream</c> a page).</summary>
    /// <param name="streamArn">The stream.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The shards, parents and children alike.</returns>
    public virtual async Task<IReadOnlyList<StreamShard>> ListShardsAsync(string streamArn, CancellationToken cancellationToken = default)
    {
        var shards = new List<StreamShard>();
        string? start = null;
        do
        {
            var page = await DescribeStreamAsync(streamArn, start, cancellationToken).ConfigureAwait(false);
            shards.AddRange(page.Shards);
            start = page.LastEvaluatedShardId;
        }
        while (start is not null);

        return shards;
    }

    /// <summary>Gets an iterator into a shard (one <c>GetShardIterator</c>); it expires after 15 minutes unused.</summary>
    /// <param name="streamArn">The stream.</param>
    /// <param name="shardId">The shard.</param>
    /// <param name="position">Where to start.</param>
    /// <param name="sequenceNumber">The sequence number for <see cref="ShardIteratorPosition.AtSequenceNumber"/> and <see cref="ShardIteratorPosition.AfterSequenceNumber"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The iterator.</returns>
    /// <exception cref="AwsServiceException">For example <c>TrimmedDataAccessException</c> when the sequence number is older than the stream keeps (24 hours).</exception>
    public virtual async Task<string> GetShardIteratorAsync(string streamArn, string shardId, ShardIteratorPosition position, string? sequenceNumber = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(streamArn);
        ArgumentException.ThrowIfNullOrWhiteSpace(shardId);
        var needsSequence = position is ShardIteratorPosition.AtSequenceNumber or ShardIteratorPosition.AfterSequenceNumber;
        if (needsSequence && string.IsNullOrWhiteSpace(sequenceNumber))
        {
            throw new ArgumentException($"Position {position} needs a sequence number.", nameof(sequenceNumber));
        }

        var type = position switch
        {
            ShardIteratorPosition.TrimHorizon => "TRIM_HORIZON",
            ShardIteratorPosition.Latest => "LATEST",
            ShardIteratorPosition.AtSequenceNumber => "AT_SEQUENCE_NUMBER",
            ShardIteratorPosition.AfterSequenceNumber => "AFTER_SEQUENCE_NUMBER",
            _ => throw new ArgumentOutOfRangeException(nameof(position), position, "Not a shard iterator position."),
        };
        var response = await _client.SendAsync(
            "GetShardIterator",
            new GetShardIteratorRequest { StreamArn = streamArn, ShardId = shardId, ShardIteratorType = type, SequenceNumber = needsSequence ? sequenceNumber : null },
            StreamsJsonContext.Default.GetShardIteratorRequest,
            StreamsJsonContext.Default.GetShardIteratorResponse,
            cancellationToken).ConfigureAwait(false);
        return response.ShardIterator ?? throw new AwsServiceException("GetShardIterator", "ResourceNotFoundException", $"No iterator was returned for shard {shardId}.", null);
    }

    /// <summary>Reads the records at an iterator (one <c>GetRecords</c>, up to 1 MB or <paramref name="limit"/> records).</summary>
    /// <param name="shardIterator">The iterator, from <see cref="GetShardIteratorAsync"/> or the page before.</param>
    /// <param name="limit">The most records to return, 1 to 1000; DynamoDB's default (1000) when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The records and the next iterator; no next iterator means the shard is closed and fully read.</returns>
    /// <exception cref="AwsServiceException">For example <c>ExpiredIteratorException</c> for an iterator older than 15 minutes.</exception>
    /// <exception cref="FormatException">A record could not be decoded.</exception>
    public virtual async Task<StreamRecordsPage> GetRecordsAsync(string shardIterator, int? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(shardIterator);
        if (limit is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "GetRecords takes 1 to 1000 records.");
        }

        var response = await _client.SendAsync(
            "GetRecords",
            new GetRecordsRequest { ShardIterator = shardIterator, Limit = limit },
            StreamsJsonContext.Default.GetRecordsRequest,
            StreamsJsonContext.Default.GetRecordsResponse,
            cancellationToken).ConfigureAwait(false);
        var records = (response.Records ?? []).Select((r, i) => ChangeRecordJson.Read(r, $"Records[{i}]")).ToArray();
        return new StreamRecordsPage(records, response.NextShardIterator);
    }

    internal static AwsJsonEndpoint CreateEndpoint(IAmazonDynamoDB dynamoDb, AWSCredentials? credentials)
    {
        ArgumentNullException.ThrowIfNull(dynamoDb);
        var config = dynamoDb.Config;
        Uri url;
        string region;
        if (!string.IsNullOrEmpty(config.ServiceURL))
        {
            url = new Uri(config.ServiceURL);
            region = AwsJsonEndpoint.SigningRegion(config);
        }
        else
        {
            var endpoint = config.RegionEndpoint ?? throw new InvalidOperationException("The DynamoDB client has neither a service URL nor a region, so the Streams endpoint is unknown.");
            region = endpoint.SystemName;
            url = new Uri($"https://streams.dynamodb.{region}.{(region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com")}/");
        }

        credentials ??= DefaultCredentials(config);
        return new AwsJsonEndpoint(url, region, "dynamodb", TargetPrefix, AwsJsonEndpoint.FromSdk(credentials), Math.Max(1, config.MaxErrorRetry + 1));
    }

    private static AWSCredentials DefaultCredentials(Amazon.Runtime.IClientConfig config) =>
        config.DefaultAWSCredentials ?? new Amazon.Runtime.Credentials.DefaultAWSCredentialsIdentityResolver().ResolveIdentity(config);
}
