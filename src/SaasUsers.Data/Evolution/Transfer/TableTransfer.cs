using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SaasUsers.Data.Telemetry;

namespace SaasUsers.Data;

/// <summary>The <see cref="ITableTransfer"/> on an <see cref="IEntityTable"/>'s public API.</summary>
public sealed class TableTransfer : ITableTransfer
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private readonly IEntityTable _table;
    private readonly ITableProvisioner? _provisioner;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates the transfer.</summary>
    /// <param name="table">The table.</param>
    /// <param name="provisioner">Reads the table's approximate item count for an export's progress; none when null.</param>
    /// <param name="timeProvider">The clock of the rate limit and progress; the system clock when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    public TableTransfer(IEntityTable table, ITableProvisioner? provisioner = null, TimeProvider? timeProvider = null, ILogger<TableTransfer>? logger = null)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _provisioner = provisioner;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public async Task<ExportResult> ExportAsync(Stream destination, ExportScope scope, TransferOptions? options = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(scope);
        options = Validate(options);
        if (!destination.CanWrite)
        {
            throw new ArgumentException("The export destination must be writable.", nameof(destination));
        }

        long? total = null;
        if (scope.PartitionKey is null && _provisioner is not null)
        {
            total = (await _provisioner.CheckTableAsync(cancellationToken).ConfigureAwait(false)).ApproximateItemCount;
        }

        var meter = new TransferMeter(_timeProvider, total, progress);
        var limiter = new CapacityRateLimiter(options.CapacityUnitsPerSecond, _timeProvider);
        using var gate = new SemaphoreSlim(1, 1);

        async Task WriteAsync(IReadOnlyList<Dictionary<string, AttributeValue>> items, CancellationToken token)
        {
            if (items.Count == 0)
            {
                return;
            }

            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                foreach (var item in items)
                {
                    DynamoDbJson.WriteLine(writer, item);
                    buffer.Write(NewLine);
                    writer.Reset(buffer);
                }
            }

            await gate.WaitAsync(token).ConfigureAwait(false);
            try
            {
                // A page is written whole, so a stopped export leaves whole lines only.
                await destination.WriteAsync(buffer.WrittenMemory, token).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }

            meter.Add(items.Count);
        }

        if (scope.PartitionKey is { } partitionKey)
        {
            var query = new ItemQuery(partitionKey) { PageSize = ItemQuery.MaxPageSize };
            while (true)
            {
                var page = await _table.QueryItemsAsync(query, cancellationToken).ConfigureAwait(false);
                await WriteAsync(page.Items, cancellationToken).ConfigureAwait(false);
                if (page.NextCursor is null)
                {
                    break;
                }

                query = query with { Cursor = page.NextCursor };
            }

            var extra = new List<Dictionary<string, AttributeValue>>();
            foreach (var key in scope.ExtraKeys.Where(k => k.PartitionKey != partitionKey))
            {
                if (await _table.GetItemAsync(key, consistentRead: false, cancellationToken).ConfigureAwait(false) is { } item)
                {
                    extra.Add(item);
                }
            }

            await WriteAsync(extra, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await Task.WhenAll(Enumerable.Range(0, options.Parallelism).Select(async segment =>
            {
                var scan = new ItemScan { Segment = segment, TotalSegments = options.Parallelism, PageSize = 500, EntityTypes = scope.EntityTypes };
                while (true)
                {
                    var page = await _table.ScanItemsAsync(scan, cancellationToken).ConfigureAwait(false);
                    await limiter.ConsumeAsync(page.ConsumedCapacityUnits, cancellationToken).ConfigureAwait(false);
                    await WriteAsync(page.Items, cancellationToken).ConfigureAwait(false);
                    if (page.LastKey is null)
                    {
                        return;
                    }

                    scan = scan with { StartAfter = page.LastKey };
                }
            })).ConfigureAwait(false);
        }

        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        var final = meter.Finish();
        Log.ExportFinished(_logger, final.Items, _table.TableName);
        return new ExportResult(final.Items, final.Elapsed);
    }

    /// <inheritdoc />
    public async Task<ImportResult> ImportAsync(Stream source, TransferOptions? options = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        options = Validate(options);
        if (!source.CanRead || !source.CanSeek)
        {
            throw new ArgumentException("The import source must be a readable, seekable stream (a file): it is read once to check every line and once to write.", nameof(source));
        }

        var started = _timeProvider.GetTimestamp();
        var start = source.Position;

        // Pass 1: every line checked before anything is written.
        var itemLines = new List<long>();
        var errors = new List<ImportLineError>();
        long badLines = 0;
        long lineCount = 0;
        var firstLineOfKey = new Dictionary<PrimaryKey, long>();
        await foreach (var (number, line) in ReadLinesAsync(source, cancellationToken).ConfigureAwait(false))
        {
            lineCount = number;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            string? error;
            if (DynamoDbJson.TryParseLine(line, out var item, out error))
            {
                var key = PrimaryKey.FromItem(item);
                if (firstLineOfKey.TryAdd(key, number))
                {
                    itemLines.Add(number);
                    continue;
                }

                error = $"the key {key} is already on line {firstLineOfKey[key]}; each item may appear once";
            }

            badLines++;
            if (errors.Count < ImportFileException.MaxListedLines)
            {
                errors.Add(new ImportLineError(number, error!));
            }
        }

        if (badLines > 0)
        {
            throw new ImportFileException(errors, badLines);
        }

        // Pass 2: batches of 25 to parallel writers.
        source.Position = start;
        var meter = new TransferMeter(_timeProvider, itemLines.Count, progress);
        var limiter = new CapacityRateLimiter(options.CapacityUnitsPerSecond, _timeProvider);
        var written = new bool[itemLines.Count];
        var batches = Channel.CreateBounded<(int First, List<Dictionary<string, AttributeValue>> Items)>(options.Parallelism * 2);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? failure = null;

        var producer = Task.Run(async () =>
        {
            try
            {
                var ordinal = 0;
                var batch = new List<Dictionary<string, AttributeValue>>(EntityTableBatchSize);
                var first = 0;
                await foreach (var (_, line) in ReadLinesAsync(source, stop.Token).ConfigureAwait(false))
                {
                    if (string.IsNullOrWhiteSpace(line))
                    {
                        continue;
                    }

                    DynamoDbJson.TryParseLine(line, out var item, out _);
                    batch.Add(item);
                    ordinal++;
                    if (batch.Count == EntityTableBatchSize)
                    {
                        await batches.Writer.WriteAsync((first, batch), stop.Token).ConfigureAwait(false);
                        batch = new List<Dictionary<string, AttributeValue>>(EntityTableBatchSize);
                        first = ordinal;
                    }
                }

                if (batch.Count > 0)
                {
                    await batches.Writer.WriteAsync((first, batch), stop.Token).ConfigureAwait(false);
                }
            }
            finally
            {
                batches.Writer.TryComplete();
            }
        }, CancellationToken.None);

        var writers = Enumerable.Range(0, options.Parallelism).Select(_ => Task.Run(async () =>
        {
            try
            {
                await foreach (var (first, items) in batches.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
                {
                    var builder = new BatchWriteBuilder();
                    foreach (var item in items)
                    {
                        builder.PutItem(item);
                    }

                    await limiter.ConsumeAsync(items.Sum(i => Math.Ceiling(ItemSize.Measure(i) / 1024.0)), stop.Token).ConfigureAwait(false);
                    await _table.BatchWriteAsync(builder, stop.Token).ConfigureAwait(false);
                    for (var i = 0; i < items.Count; i++)
                    {
                        written[first + i] = true;
                    }

                    meter.Add(items.Count);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Interlocked.CompareExchange(ref failure, exception, null);
                await stop.CancelAsync().ConfigureAwait(false);
            }
        }, CancellationToken.None)).ToArray();

        await Task.WhenAll(writers).ConfigureAwait(false);
        try
        {
            await producer.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped because a writer failed or the caller cancelled: reported below.
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (failure is MissingTableException)
        {
            // Nothing can have been written to a table that is not there.
            throw failure;
        }

        if (failure is not null && failure is not OperationCanceledException)
        {
            var unwritten = new List<long>();
            for (var i = 0; i < written.Length; i++)
            {
                if (!written[i])
                {
                    unwritten.Add(itemLines[i]);
                }
            }

            throw new ImportIncompleteException(written.LongLength - unwritten.Count, unwritten, failure);
        }

        var final = meter.Finish();
        Log.ImportFinished(_logger, final.Items, _table.TableName);
        return new ImportResult(final.Items, lineCount, _timeProvider.GetElapsedTime(started));
    }

    private const int EntityTableBatchSize = 25;

    private static TransferOptions Validate(TransferOptions? options)
    {
        options ??= new TransferOptions();
        if (options.Parallelism is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Parallelism, "Parallelism must be from 1 to 64.");
        }

        if (options.CapacityUnitsPerSecond is { } rate && (double.IsNaN(rate) || rate <= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), rate, "CapacityUnitsPerSecond must be more than zero (or null for no limit).");
        }

        return options;
    }

    private static async IAsyncEnumerable<(long Number, string Line)> ReadLinesAsync(Stream source, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(source, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        long number = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            yield return (++number, line);
        }
    }

    /// <summary>Counts items and reports progress at most four times a second, and once at the end.</summary>
    private sealed class TransferMeter(TimeProvider timeProvider, long? total, IProgress<TransferProgress>? progress)
    {
        private readonly long _started = timeProvider.GetTimestamp();
        private readonly ProgressThrottle _throttle = new(timeProvider);
        private long _items;

        public void Add(int count)
        {
            Interlocked.Add(ref _items, count);
            if (progress is not null && _throttle.IsDue())
            {
                progress.Report(Snapshot());
            }
        }

        public TransferProgress Finish()
        {
            var snapshot = Snapshot() with { EstimatedRemaining = TimeSpan.Zero };
            progress?.Report(snapshot);
            return snapshot;
        }

        private TransferProgress Snapshot()
        {
            var elapsed = timeProvider.GetElapsedTime(_started);
            var items = Interlocked.Read(ref _items);
            var rate = elapsed.TotalSeconds > 0 ? items / elapsed.TotalSeconds : 0;
            TimeSpan? remaining = total is { } all && rate > 0 ? TimeSpan.FromSeconds(Math.Max(0, all - items) / rate) : null;
            return new TransferProgress(items, total, elapsed, rate, remaining);
        }
    }
}
