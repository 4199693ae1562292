using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SaasUsers.Data.Telemetry;

namespace SaasUsers.Data;

/// <summary>The <see cref="ITableBackfill"/> on an <see cref="IEntityTable"/>'s public API.</summary>
public sealed class TableBackfill : ITableBackfill
{
    private const int MaxListedFailures = 100;
    private const int MaxReplaceAttempts = 5;

    private readonly IEntityTable _table;
    private readonly ITableProvisioner? _provisioner;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates the backfill.</summary>
    /// <param name="table">The table.</param>
    /// <param name="provisioner">Reads the table's approximate item count for the estimate of the time left; none when null.</param>
    /// <param name="timeProvider">The clock of the rate limit and progress; the system clock when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    public TableBackfill(IEntityTable table, ITableProvisioner? provisioner = null, TimeProvider? timeProvider = null, ILogger<TableBackfill>? logger = null)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _provisioner = provisioner;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public async Task<BackfillResult> RunAsync(BackfillPlan plan, BackfillOptions? options = null, IProgress<BackfillProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        options ??= new BackfillOptions();
        Validate(plan, options);

        var checkpoints = await LoadCheckpointsAsync(options, cancellationToken).ConfigureAwait(false);
        var resumed = checkpoints.Any(c => c is not null && (c.Done || c.LastPartitionKey is not null));
        long? total = null;
        if (_provisioner is not null)
        {
            total = (await _provisioner.CheckTableAsync(cancellationToken).ConfigureAwait(false)).ApproximateItemCount;
        }

        var run = new RunState(options, plan, total, _timeProvider, checkpoints, progress);
        Log.BackfillStarted(_logger, options.RunName, _table.TableName, options.Segments, options.DryRun, resumed);
        await Task.WhenAll(Enumerable.Range(0, options.Segments).Select(segment => RunSegmentAsync(run, segment, cancellationToken))).ConfigureAwait(false);
        var final = run.Snapshot();
        progress?.Report(final);
        Log.BackfillFinished(_logger, options.RunName, _table.TableName, final.ItemsScanned, final.ItemsRewritten, final.ItemsUnchanged, final.ItemsFailed);
        return new BackfillResult(options.RunName, options.DryRun, resumed, final, run.Failures());
    }

    private static void Validate(BackfillPlan plan, BackfillOptions options)
    {
        if (plan.EntityTypes.Count == 0)
        {
            throw new ArgumentException("The backfill plan includes no entity type: add one with Include<T>().", nameof(plan));
        }

        if (string.IsNullOrWhiteSpace(options.RunName) || options.RunName.Length > 100)
        {
            throw new ArgumentException("RunName must be 1 to 100 characters.", nameof(options));
        }

        if (options.Segments is < 1 or > BackfillOptions.MaxSegments)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Segments, $"Segments must be from 1 to {BackfillOptions.MaxSegments}.");
        }

        if (options.PageSize is < 1 or > ItemQuery.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PageSize, $"PageSize must be from 1 to {ItemQuery.MaxPageSize}.");
        }

        if (options.WritesPerSegment is < 1 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.WritesPerSegment, "WritesPerSegment must be from 1 to 32.");
        }

        if (options.CapacityUnitsPerSecond is { } rate && (double.IsNaN(rate) || rate <= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), rate, "CapacityUnitsPerSecond must be more than zero (or null for no limit).");
        }
    }

    private async Task<BackfillCheckpoint?[]> LoadCheckpointsAsync(BackfillOptions options, CancellationToken cancellationToken)
    {
        var stored = new List<BackfillCheckpoint>();
        var query = new ItemQuery(BackfillCheckpoint.CreatePartitionKey(options.RunName)) { ConsistentRead = true, PageSize = ItemQuery.MaxPageSize };
        while (true)
        {
            var page = await _table.QueryAsync<BackfillCheckpoint>(query, cancellationToken).ConfigureAwait(false);
            stored.AddRange(page.Items);
            if (page.NextCursor is null)
            {
                break;
            }

            query = query with { Cursor = page.NextCursor };
        }

        if (options.Restart && !options.DryRun && stored.Count > 0)
        {
            var batch = new BatchWriteBuilder();
            foreach (var checkpoint in stored)
            {
                batch.Delete(BackfillCheckpoint.Mapper.GetKey(checkpoint));
            }

            await _table.BatchWriteAsync(batch, cancellationToken).ConfigureAwait(false);
            stored.Clear();
        }

        if (options.Restart)
        {
            stored.Clear();
        }

        if (stored.FirstOrDefault(c => c.TotalSegments != options.Segments) is { } other)
        {
            throw new InvalidOperationException(
                $"Backfill run '{options.RunName}' was started with {other.TotalSegments} segments; resume it with Segments = {other.TotalSegments}, or start over with Restart or another RunName.");
        }

        var bySegment = new BackfillCheckpoint?[options.Segments];
        foreach (var checkpoint in stored)
        {
            bySegment[checkpoint.Segment] = checkpoint;
        }

        return bySegment;
    }

    private async Task RunSegmentAsync(RunState run, int segment, CancellationToken cancellationToken)
    {
        var options = run.Options;
        var checkpoint = run.Checkpoints[segment] ?? new BackfillCheckpoint { RunName = options.RunName, Segment = segment, TotalSegments = options.Segments };
        if (checkpoint.Done)
        {
            run.SegmentDone();
            return;
        }

        var counts = new SegmentCounts(checkpoint);
        PrimaryKey? startAfter = checkpoint.LastPartitionKey is { } pk && checkpoint.LastSortKey is { } sk ? new PrimaryKey(pk, sk) : null;
        var scan = new ItemScan { Segment = segment, TotalSegments = options.Segments, PageSize = options.PageSize, EntityTypes = run.Plan.EntityTypes.ToArray() };
        while (true)
        {
            var page = await _table.ScanItemsAsync(scan with { StartAfter = startAfter }, cancellationToken).ConfigureAwait(false);
            await run.Limiter.ConsumeAsync(page.ConsumedCapacityUnits, cancellationToken).ConfigureAwait(false);
            run.AddScanned(page.ScannedCount, page.Items.Count);
            counts.Scanned += page.ScannedCount;
            counts.Matched += page.Items.Count;

            await Parallel.ForEachAsync(
                page.Items,
                new ParallelOptions { MaxDegreeOfParallelism = options.WritesPerSegment, CancellationToken = cancellationToken },
                async (item, token) => counts.Add(await ProcessAsync(run, item, token).ConfigureAwait(false))).ConfigureAwait(false);

            startAfter = page.LastKey;
            checkpoint = checkpoint with
            {
                LastPartitionKey = startAfter?.PartitionKey,
                LastSortKey = startAfter?.SortKey,
                Done = startAfter is null,
                Scanned = counts.Scanned,
                Matched = counts.Matched,
                Rewritten = counts.Rewritten,
                Unchanged = counts.Unchanged,
                Failed = counts.Failed,
                UpdatedAt = _timeProvider.GetUtcNow(),
            };
            if (!options.DryRun)
            {
                // After the page: a run stopped inside it reads the page again, and finds its rewritten items current.
                await _table.PutAsync(checkpoint, cancellationToken).ConfigureAwait(false);
            }

            run.ReportIfDue();
            if (startAfter is null)
            {
                run.SegmentDone();
                return;
            }
        }
    }

    private async Task<ItemOutcome> ProcessAsync(RunState run, Dictionary<string, AttributeValue> stored, CancellationToken cancellationToken)
    {
        var entityType = stored.TryGetValue(ItemAttributeNames.EntityType, out var type) ? type.S ?? string.Empty : string.Empty;
        if (!run.Plan.TryGetRewriter(entityType, out var rewriter))
        {
            run.AddUnchanged();
            return ItemOutcome.Unchanged;
        }

        var key = PrimaryKey.FromItem(stored);
        for (var attempt = 1; ; attempt++)
        {
            Dictionary<string, AttributeValue> replacement;
            try
            {
                replacement = rewriter.Rewrite(stored);
                if (PrimaryKey.FromItem(replacement) != key)
                {
                    return run.Fail(new BackfillFailure(key, entityType, $"The current model stores it under another key ({PrimaryKey.FromItem(replacement)}); a backfill rewrites items in place and cannot move them."));
                }
            }
            catch (Exception exception) when (exception is EntityMappingException or ArgumentException or FormatException)
            {
                return run.Fail(new BackfillFailure(key, entityType, exception.Message));
            }

            if (ItemEquality.Equal(stored, replacement))
            {
                run.AddUnchanged();
                return ItemOutcome.Unchanged;
            }

            if (run.Options.DryRun)
            {
                run.AddRewritten();
                return ItemOutcome.Rewritten;
            }

            await run.Limiter.ConsumeAsync(Math.Ceiling(Math.Max(ItemSize.Measure(stored), ItemSize.Measure(replacement)) / 1024.0), cancellationToken).ConfigureAwait(false);
            if (await _table.ReplaceItemAsync(stored, replacement, cancellationToken).ConfigureAwait(false))
            {
                run.Options.OnItemRewritten?.Invoke(key);
                run.AddRewritten();
                return ItemOutcome.Rewritten;
            }

            // Written by someone else since the scan read it: start again from the item as it is now.
            var current = await _table.GetItemAsync(key, consistentRead: true, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                run.AddUnchanged();
                return ItemOutcome.Unchanged;
            }

            if (attempt == MaxReplaceAttempts)
            {
                return run.Fail(new BackfillFailure(key, entityType, $"It changed {MaxReplaceAttempts} times while the backfill tried to rewrite it; run the backfill again."));
            }

            stored = current;
        }
    }

    private enum ItemOutcome
    {
        Unchanged,
        Rewritten,
        Failed,
    }

    /// <summary>One segment's counts, for its checkpoint (including those of the earlier runs it resumes).</summary>
    private sealed class SegmentCounts(BackfillCheckpoint checkpoint)
    {
        private long _rewritten = checkpoint.Rewritten;
        private long _unchanged = checkpoint.Unchanged;
        private long _failed = checkpoint.Failed;

        public long Scanned { get; set; } = checkpoint.Scanned;

        public long Matched { get; set; } = checkpoint.Matched;

        public long Rewritten => Interlocked.Read(ref _rewritten);

        public long Unchanged => Interlocked.Read(ref _unchanged);

        public long Failed => Interlocked.Read(ref _failed);

        public void Add(ItemOutcome outcome)
        {
            switch (outcome)
            {
                case ItemOutcome.Rewritten: Interlocked.Increment(ref _rewritten); break;
                case ItemOutcome.Failed: Interlocked.Increment(ref _failed); break;
                default: Interlocked.Increment(ref _unchanged); break;
            }
        }
    }

    /// <summary>The whole run's counts and progress, shared by its segments.</summary>
    private sealed class RunState
    {
        private readonly long? _total;
        private readonly TimeProvider _timeProvider;
        private readonly IProgress<BackfillProgress>? _progress;
        private readonly ProgressThrottle _throttle;
        private readonly long _started;
        private readonly long _scannedBefore;
        private readonly List<BackfillFailure> _failures = [];
        private long _scanned;
        private long _matched;
        private long _rewritten;
        private long _unchanged;
        private long _failed;
        private int _segmentsDone;

        public RunState(BackfillOptions options, BackfillPlan plan, long? total, TimeProvider timeProvider, BackfillCheckpoint?[] checkpoints, IProgress<BackfillProgress>? progress)
        {
            Options = options;
            Plan = plan;
            Checkpoints = checkpoints;
            Limiter = new CapacityRateLimiter(options.CapacityUnitsPerSecond, timeProvider);
            _total = total;
            _timeProvider = timeProvider;
            _progress = progress;
            _throttle = new ProgressThrottle(timeProvider);
            _started = timeProvider.GetTimestamp();
            foreach (var checkpoint in checkpoints.OfType<BackfillCheckpoint>())
            {
                _scanned += checkpoint.Scanned;
                _matched += checkpoint.Matched;
                _rewritten += checkpoint.Rewritten;
                _unchanged += checkpoint.Unchanged;
                _failed += checkpoint.Failed;
            }

            _scannedBefore = _scanned;
        }

        public BackfillOptions Options { get; }

        public BackfillPlan Plan { get; }

        public BackfillCheckpoint?[] Checkpoints { get; }

        public CapacityRateLimiter Limiter { get; }

        public void AddScanned(int scanned, int matched)
        {
            Interlocked.Add(ref _scanned, scanned);
            Interlocked.Add(ref _matched, matched);
        }

        public void AddRewritten() => Interlocked.Increment(ref _rewritten);

        public void AddUnchanged() => Interlocked.Increment(ref _unchanged);

        public void SegmentDone() => Interlocked.Increment(ref _segmentsDone);

        public ItemOutcome Fail(BackfillFailure failure)
        {
            Interlocked.Increment(ref _failed);
            lock (_failures)
            {
                if (_failures.Count < MaxListedFailures)
                {
                    _failures.Add(failure);
                }
            }

            return ItemOutcome.Failed;
        }

        public IReadOnlyList<BackfillFailure> Failures()
        {
            lock (_failures)
            {
                return _failures.ToArray();
            }
        }

        public void ReportIfDue()
        {
            if (_progress is not null && _throttle.IsDue())
            {
                _progress.Report(Snapshot());
            }
        }

        public BackfillProgress Snapshot()
        {
            var elapsed = _timeProvider.GetElapsedTime(_started);
            var scanned = Interlocked.Read(ref _scanned);
            var rate = elapsed.TotalSeconds > 0 ? (scanned - _scannedBefore) / elapsed.TotalSeconds : 0;
            TimeSpan? remaining = _total is { } total && rate > 0 ? TimeSpan.FromSeconds(Math.Max(0, total - scanned) / rate) : null;
            var done = Volatile.Read(ref _segmentsDone);
            if (done == Options.Segments)
            {
                remaining = TimeSpan.Zero;
            }

            return new BackfillProgress(
                scanned,
                Interlocked.Read(ref _matched),
                Interlocked.Read(ref _rewritten),
                Interlocked.Read(ref _unchanged),
                Interlocked.Read(ref _failed),
                done,
                Options.Segments,
                elapsed,
                rate,
                _total,
                remaining);
        }
    }
}
