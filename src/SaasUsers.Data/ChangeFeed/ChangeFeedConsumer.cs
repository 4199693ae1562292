using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SaasUsers.Data.Telemetry;

namespace SaasUsers.Data;

/// <summary>
/// Reads the table's stream and delivers its changes to the <see cref="ITableChangeHandler"/>s, for hosts that are
/// not Lambda (a web app, a worker). Discovers shards (a child shard only after its parent is read to its end),
/// renews expired iterators from the checkpoint, keeps a checkpoint per shard in the table (written after every
/// batch all handlers finished), and retries a failing handler with back-off until it succeeds: delivery is at
/// least once and nothing is skipped. Several processes may run one <see cref="ChangeFeedOptions.ConsumerName"/>:
/// a lease in the table (<see cref="ChangeFeedOptions.LeaseDuration"/>) lets one of them read at a time, and a
/// standby takes over when the holder stops renewing it.
/// </summary>
public class ChangeFeedConsumer : BackgroundService
{
    private readonly TableStreamClient _streams;
    private readonly IEntityTable _table;
    private readonly IAmazonDynamoDB _dynamoDb;
    private readonly TableChangeReader _reader;
    private readonly ITableChangeHandler[] _handlers;
    private readonly ChangeFeedOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Dictionary<string, string> _iterators = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _owner;
    private DateTimeOffset _leaseUntil = DateTimeOffset.MinValue;
    private string? _streamArn;

    /// <summary>Creates the consumer.</summary>
    /// <param name="streams">The Streams API client.</param>
    /// <param name="table">The table, where checkpoints are kept.</param>
    /// <param name="dynamoDb">The DynamoDB client (to find the table's stream).</param>
    /// <param name="reader">Decodes records.</param>
    /// <param name="handlers">The handlers, each given every batch.</param>
    /// <param name="options">The consumer's options.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    public ChangeFeedConsumer(
        TableStreamClient streams,
        IEntityTable table,
        IAmazonDynamoDB dynamoDb,
        TableChangeReader reader,
        IEnumerable<ITableChangeHandler> handlers,
        IOptions<ChangeFeedOptions> options,
        TimeProvider? timeProvider = null,
        ILogger<ChangeFeedConsumer>? logger = null)
    {
        _streams = streams ?? throw new ArgumentNullException(nameof(streams));
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _dynamoDb = dynamoDb ?? throw new ArgumentNullException(nameof(dynamoDb));
        _reader = reader ?? throw new ArgumentNullException(nameof(reader));
        _handlers = (handlers ?? throw new ArgumentNullException(nameof(handlers))).ToArray();
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Value;
        _owner = _options.InstanceName ?? $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The consumer's name, under which its checkpoints are kept.</summary>
    public string ConsumerName => _options.ConsumerName;

    /// <summary>This instance's name in the lease (<see cref="ChangeFeedOptions.InstanceName"/>, or host, process and a random part).</summary>
    public string InstanceName => _owner;

    /// <summary>
    /// Reads every shard that can be read until it is caught up (or closed and read to its end), delivering each
    /// batch to the handlers and checkpointing it. The hosted consumer calls this in a loop; tests, scripts and the
    /// sample call it to process what is there. Calls are serialized. Reads only while this instance holds the
    /// consumer name's lease: when another instance holds it, nothing is read and the result is 0.
    /// </summary>
    /// <param name="cancellationToken">Stops reading; a batch whose delivery is cut short is delivered again next time.</param>
    /// <returns>How many changes were delivered.</returns>
    /// <exception cref="InvalidOperationException">The table has no stream (<see cref="SaasUsersTableOptions.EnableStream"/>).</exception>
    public virtual async Task<int> CatchUpAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var delivered = 0;
            if (!await HoldLeaseAsync(cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }

            var streamArn = _streamArn ??= await FindStreamAsync(cancellationToken).ConfigureAwait(false);
            var shards = await _streams.ListShardsAsync(streamArn, cancellationToken).ConfigureAwait(false);
            var checkpoints = await LoadCheckpointsAsync(cancellationToken).ConfigureAwait(false);
            var known = shards.Select(s => s.ShardId).ToHashSet(StringComparer.Ordinal);
            bool progress;
            do
            {
                progress = false;
                foreach (var shard in shards)
                {
                    if (IsFinished(checkpoints, shard.ShardId))
                    {
                        continue;
                    }

                    // A child's records come after its parent's: read the parent to its end first. A parent the
                    // stream no longer lists was trimmed (older than 24 hours), so there is nothing left to wait for.
                    if (shard.ParentShardId is { } parent && known.Contains(parent) && !IsFinished(checkpoints, parent))
                    {
                        continue;
                    }

                    var (count, checkpoint, leaseLost) = await DrainShardAsync(streamArn, shard, checkpoints.GetValueOrDefault(shard.ShardId), cancellationToken).ConfigureAwait(false);
                    delivered += count;
                    if (leaseLost)
                    {
                        // Another instance took over: it goes on from the checkpoints.
                        return delivered;
                    }
                    if (checkpoint is not null)
                    {
                        checkpoints[shard.ShardId] = checkpoint;
                        progress |= checkpoint.Finished;
                    }
                }
            }
            while (progress);

            return delivered;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Gives up the lease if this instance holds it, so a standby takes over at once (the host's stop does this).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the lease is given up.</returns>
    public virtual async Task ReleaseLeaseAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_leaseUntil <= _timeProvider.GetUtcNow())
            {
                return;
            }

            _leaseUntil = DateTimeOffset.MinValue;
            _iterators.Clear();
            var now = _timeProvider.GetUtcNow();
            await _table.UpdateAsync<ChangeFeedLease>(
                ChangeFeedLease.CreateKey(ConsumerName),
                update => update.Set(ChangeFeedLease.Fields.ExpiresAt, now).When(ItemCondition.Equal(ChangeFeedLease.Fields.Owner, _owner)),
                cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionFailedException)
        {
            // Another instance holds it already.
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Also when only CatchUpAsync was called (RunHostedConsumer off): the next process need not wait for it to lapse.
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await ReleaseLeaseAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether this instance holds the lease, renewing it when half of it is used up: one conditional write
    /// (taken only when free, expired or this instance's). Taking it anew drops the cached iterators, since the
    /// previous holder moved the checkpoints on.
    /// </summary>
    private async Task<bool> HoldLeaseAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var duration = _options.LeaseDuration;
        if (_leaseUntil - now > duration / 2)
        {
            return true;
        }

        var held = _leaseUntil > now;
        try
        {
            await _table.UpsertAsync<ChangeFeedLease>(
                ChangeFeedLease.CreateKey(ConsumerName),
                update => update
                    .Set(ChangeFeedLease.Fields.ConsumerName, ConsumerName)
                    .Set(ChangeFeedLease.Fields.Owner, _owner)
                    .Set(ChangeFeedLease.Fields.ExpiresAt, now + duration)
                    .When(ItemCondition.Equal(ChangeFeedLease.Fields.Owner, _owner) | ItemCondition.LessThanOrEqual(ChangeFeedLease.Fields.ExpiresAt, now)),
                cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionFailedException)
        {
            _leaseUntil = DateTimeOffset.MinValue;
            _iterators.Clear();
            if (held)
            {
                Log.LeaseLost(_logger, ConsumerName, _owner);
            }
            else
            {
                Log.LeaseHeldElsewhere(_logger, ConsumerName, _owner);
            }

            return false;
        }

        if (!held)
        {
            _iterators.Clear();
            Log.LeaseAcquired(_logger, ConsumerName, _owner);
        }

        _leaseUntil = now + duration;
        return true;
    }

    /// <summary>Runs <see cref="CatchUpAsync"/> until the host stops, waiting <see cref="ChangeFeedOptions.PollInterval"/> when caught up.</summary>
    /// <param name="stoppingToken">Cancelled when the host stops.</param>
    /// <returns>A task that completes when the host stops.</returns>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.RunHostedConsumer)
        {
            return;
        }

        var failures = 0;
        var lastDiscovery = _timeProvider.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (_timeProvider.GetElapsedTime(lastDiscovery) > _options.ShardDiscoveryInterval)
                {
                    // A new stream (disabled and enabled again) gets a new ARN.
                    _streamArn = null;
                    lastDiscovery = _timeProvider.GetTimestamp();
                }

                var delivered = await CatchUpAsync(stoppingToken).ConfigureAwait(false);
                failures = 0;
                if (delivered == 0)
                {
                    await Task.Delay(_options.PollInterval, _timeProvider, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                failures++;
                var delay = RetryDelayFor(failures);
                Log.ChangeFeedFailed(_logger, ConsumerName, (long)delay.TotalMilliseconds, exception);
                _streamArn = null;
                await Task.Delay(delay, _timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<(int Delivered, StreamCheckpoint? Checkpoint, bool LeaseLost)> DrainShardAsync(string streamArn, StreamShard shard, StreamCheckpoint? checkpoint, CancellationToken cancellationToken)
    {
        var delivered = 0;
        if (!_iterators.TryGetValue(shard.ShardId, out var iterator))
        {
            iterator = await NewIteratorAsync(streamArn, shard.ShardId, checkpoint, cancellationToken).ConfigureAwait(false);
        }

        var trimmedRetries = 0;
        while (true)
        {
            StreamRecordsPage page;
            try
            {
                page = await _streams.GetRecordsAsync(iterator, _options.BatchSize, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException exception) when (exception.ErrorCode == "ExpiredIteratorException")
            {
                // Iterators live 15 minutes: start again after the last checkpointed record.
                _iterators.Remove(shard.ShardId);
                iterator = await NewIteratorAsync(streamArn, shard.ShardId, checkpoint, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (AwsServiceException exception) when (exception.ErrorCode == "TrimmedDataAccessException" && trimmedRetries++ < 3)
            {
                // The iterator points before the oldest record kept (DynamoDB Local answers so now and then for a
                // fresh TRIM_HORIZON iterator): take a new one from the checkpoint.
                _iterators.Remove(shard.ShardId);
                await Task.Delay(TimeSpan.FromMilliseconds(50 * trimmedRetries), _timeProvider, cancellationToken).ConfigureAwait(false);
                iterator = await NewIteratorAsync(streamArn, shard.ShardId, checkpoint, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var changes = _reader.Read(page.Records).Where(c => c.Role != TableItemRole.Feed).ToArray();
            var last = page.Records.Count > 0 ? page.Records[^1].SequenceNumber : null;
            if (changes.Length > 0 && !await HoldLeaseAsync(cancellationToken).ConfigureAwait(false))
            {
                return (delivered, checkpoint, true);
            }

            if (changes.Length > 0)
            {
                await DeliverAsync(new TableChangeBatch(streamArn, shard.ShardId, changes), cancellationToken).ConfigureAwait(false);
                delivered += changes.Length;
                checkpoint = await SaveCheckpointAsync(streamArn, shard.ShardId, last, finished: false, checkpoint, changes.Length, cancellationToken).ConfigureAwait(false);
            }

            if (page.NextShardIterator is null)
            {
                // Closed and read to its end: children may start.
                _iterators.Remove(shard.ShardId);
                checkpoint = await SaveCheckpointAsync(streamArn, shard.ShardId, last ?? checkpoint?.SequenceNumber, finished: true, checkpoint, 0, cancellationToken).ConfigureAwait(false);
                Log.ShardFinished(_logger, ConsumerName, shard.ShardId, checkpoint.RecordCount);
                await ShardFinishedAsync(streamArn, shard.ShardId, cancellationToken).ConfigureAwait(false);
                return (delivered, checkpoint, false);
            }

            iterator = page.NextShardIterator;
            _iterators[shard.ShardId] = iterator;
            if (page.Records.Count == 0)
            {
                // Only the feed's own items were read since: the checkpoint stays, they are skipped again after a restart.
                return (delivered, checkpoint, false);
            }
        }
    }

    private async Task<string> NewIteratorAsync(string streamArn, string shardId, StreamCheckpoint? checkpoint, CancellationToken cancellationToken)
    {
        if (checkpoint?.SequenceNumber is { } sequenceNumber)
        {
            try
            {
                return await _streams.GetShardIteratorAsync(streamArn, shardId, ShardIteratorPosition.AfterSequenceNumber, sequenceNumber, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException exception) when (exception.ErrorCode == "TrimmedDataAccessException")
            {
                // The consumer was stopped for longer than the stream keeps records (24 hours): what was trimmed is
                // lost to it. Say so loudly and go on from the oldest record kept.
                Log.CheckpointTrimmed(_logger, ConsumerName, shardId);
                return await _streams.GetShardIteratorAsync(streamArn, shardId, ShardIteratorPosition.TrimHorizon, null, cancellationToken).ConfigureAwait(false);
            }
        }

        return await _streams.GetShardIteratorAsync(streamArn, shardId, checkpoint is null ? _options.StartPosition : ShardIteratorPosition.TrimHorizon, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task DeliverAsync(TableChangeBatch batch, CancellationToken cancellationToken)
    {
        var pending = new List<ITableChangeHandler>(_handlers);
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            foreach (var handler in pending.ToArray())
            {
                try
                {
                    await handler.HandleAsync(batch, cancellationToken).ConfigureAwait(false);
                    pending.Remove(handler);
                }
                catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    Log.HandlerFailed(_logger, handler.GetType().Name, ConsumerName, batch.ShardId, batch.Changes.Count, attempt, exception);
                }
            }

            if (pending.Count > 0)
            {
                // Only the handlers that failed get the batch again; the others finished it.
                await Task.Delay(RetryDelayFor(attempt), _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Tells each handler a shard is finished (after its last checkpoint), so it can drop what it kept for it.</summary>
    private async Task ShardFinishedAsync(string streamArn, string shardId, CancellationToken cancellationToken)
    {
        foreach (var handler in _handlers)
        {
            try
            {
                await handler.ShardFinishedAsync(streamArn, shardId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                Log.HandlerFailed(_logger, handler.GetType().Name, ConsumerName, shardId, 0, 1, exception);
            }
        }
    }

    private TimeSpan RetryDelayFor(int attempt)
    {
        var ms = _options.HandlerRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20));
        return TimeSpan.FromMilliseconds(Math.Min(ms, _options.MaxHandlerRetryDelay.TotalMilliseconds));
    }

    private async Task<StreamCheckpoint> SaveCheckpointAsync(string streamArn, string shardId, string? sequenceNumber, bool finished, StreamCheckpoint? previous, int count, CancellationToken cancellationToken)
    {
        var checkpoint = new StreamCheckpoint
        {
            ConsumerName = ConsumerName,
            ShardId = shardId,
            StreamArn = streamArn,
            SequenceNumber = sequenceNumber,
            Finished = finished,
            RecordCount = (previous?.RecordCount ?? 0) + count,
            UpdatedAt = _timeProvider.GetUtcNow(),
        };

        // Not cancellable: a batch the handlers finished should not be delivered again for want of a checkpoint.
        return await _table.PutAsync(checkpoint, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<Dictionary<string, StreamCheckpoint>> LoadCheckpointsAsync(CancellationToken cancellationToken)
    {
        var checkpoints = new Dictionary<string, StreamCheckpoint>(StringComparer.Ordinal);
        var query = new ItemQuery(StreamCheckpoint.CreatePartitionKey(ConsumerName)) { PageSize = ItemQuery.MaxPageSize, ConsistentRead = true };
        await foreach (var item in _table.QueryAllAsync(query, cancellationToken).ConfigureAwait(false))
        {
            if (item is StreamCheckpoint checkpoint)
            {
                checkpoints[checkpoint.ShardId] = checkpoint;
            }
        }

        return checkpoints;
    }

    private async Task<string> FindStreamAsync(CancellationToken cancellationToken)
    {
        var response = await _dynamoDb.DescribeTableAsync(new DescribeTableRequest { TableName = _table.TableName }, cancellationToken).ConfigureAwait(false);
        return response.Table?.LatestStreamArn is { Length: > 0 } arn && response.Table.StreamSpecification?.StreamEnabled == true
            ? arn
            : throw new InvalidOperationException($"Table '{_table.TableName}' has no stream: set SaasUsersTableOptions.EnableStream and ensure the table (or enable a NEW_AND_OLD_IMAGES stream on it).");
    }

    private static bool IsFinished(Dictionary<string, StreamCheckpoint> checkpoints, string shardId) =>
        checkpoints.TryGetValue(shardId, out var checkpoint) && checkpoint.Finished;
}
