using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SaasUsers.Data.Provisioning;
using SaasUsers.Data.Telemetry;

namespace SaasUsers.Data;

/// <summary>The <see cref="ITableProvisioner"/> for the table of a <see cref="TableModel"/>.</summary>
public sealed class TableProvisioner : ITableProvisioner
{
    private static readonly TimeSpan FirstPollDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxPollDelay = TimeSpan.FromSeconds(5);

    private readonly IAmazonDynamoDB _client;
    private readonly TableModel _model;
    private readonly SaasUsersTableOptions _options;
    private readonly TableDefinition _definition;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates the provisioner.</summary>
    /// <param name="client">The DynamoDB client.</param>
    /// <param name="model">The entity types, which decide the indexes and the time-to-live attribute.</param>
    /// <param name="options">The options: table name, billing, tags, deletion protection, timeouts.</param>
    /// <param name="timeProvider">The clock for waiting; the system clock when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    public TableProvisioner(IAmazonDynamoDB client, TableModel model, SaasUsersTableOptions options, TimeProvider? timeProvider = null, ILogger<TableProvisioner>? logger = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        TableName = SaasUsersTableOptionsRules.RequireValidTableName(options, nameof(options));
        _definition = new TableDefinition(model, options);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The table name.</summary>
    public string TableName { get; }

    /// <inheritdoc />
#pragma warning disable RS0027 // The overload with progress takes a required token, so every call stays unambiguous.
    public Task<TableEnsureResult> EnsureTableAsync(CancellationToken cancellationToken = default) =>
        EnsureTableAsync(null, cancellationToken);
#pragma warning restore RS0027

    /// <inheritdoc />
    public Task<TableEnsureResult> EnsureTableAsync(IProgress<TableEnsureProgress>? progress, CancellationToken cancellationToken) =>
        TableInstrumentation.RunAsync("EnsureTable", TableName, null, scope => EnsureAsync(scope, progress, cancellationToken));

    /// <inheritdoc />
    public Task<TableCheckResult> CheckTableAsync(CancellationToken cancellationToken = default) =>
        TableInstrumentation.RunAsync("CheckTable", TableName, null, scope => CheckAsync(scope, cancellationToken));

    /// <inheritdoc />
    public async Task<bool> DeleteTableAsync(string confirmTableName, CancellationToken cancellationToken = default)
    {
        if (!string.Equals(confirmTableName, TableName, StringComparison.Ordinal))
        {
            throw new ArgumentException($"To delete table '{TableName}', pass its name again; '{confirmTableName}' does not match.", nameof(confirmTableName));
        }

        cancellationToken.ThrowIfCancellationRequested();
        return await TableInstrumentation.RunAsync("DeleteTable", TableName, null, scope => DeleteAsync(scope, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<TableCheckResult> CheckAsync(OperationScope scope, CancellationToken cancellationToken)
    {
        var table = await DescribeAsync(scope, cancellationToken).ConfigureAwait(false);
        if (table is null)
        {
            return new TableCheckResult(TableName, false, null, [new TableDifference("Table", "exists", "missing", Blocking: !_options.CreateTableIfMissing)], null, scope.RequestCount);
        }

        var timeToLive = await DescribeTimeToLiveAsync(scope, cancellationToken).ConfigureAwait(false);
        var differences = _definition.Compare(table, timeToLive, []);
        return new TableCheckResult(TableName, true, table.TableStatus?.Value, differences, table.ItemCount, scope.RequestCount);
    }

    private async Task<bool> DeleteAsync(OperationScope scope, CancellationToken cancellationToken)
    {
        try
        {
            await scope.SendAsync("DeleteTable", () => _client.DeleteTableAsync(new DeleteTableRequest { TableName = TableName }, cancellationToken), null, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceNotFoundException)
        {
            return false;
        }

        await WaitAsync(scope, "deleted", table => table is null, cancellationToken).ConfigureAwait(false);
        Log.TableDeleted(_logger, TableName);
        return true;
    }

    private async Task<TableEnsureResult> EnsureAsync(OperationScope scope, IProgress<TableEnsureProgress>? progress, CancellationToken cancellationToken)
    {
        var table = await DescribeAsync(scope, cancellationToken).ConfigureAwait(false);
        var outcome = TableEnsureOutcome.AlreadyExisted;
        TimeToLiveDescription? timeToLive = null;
        if (table is null)
        {
            if (!_options.CreateTableIfMissing)
            {
                throw new MissingTableException(TableName);
            }

            outcome = await CreateAsync(scope, cancellationToken).ConfigureAwait(false);
            table = await WaitUntilActiveAsync(scope, progress, null, 0, 0, _options.TableActiveTimeout, cancellationToken).ConfigureAwait(false);
            await EnableTimeToLiveAsync(scope, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            if (!IsActive(table))
            {
                table = await WaitUntilActiveAsync(scope, progress, null, 0, 0, _options.TableActiveTimeout, cancellationToken).ConfigureAwait(false);
            }

            timeToLive = await DescribeTimeToLiveAsync(scope, cancellationToken).ConfigureAwait(false);
        }

        var missingIndexes = new List<int>();
        var differences = _definition.Compare(table, timeToLive, missingIndexes);
        if (differences.Any(d => d.Blocking))
        {
            throw new TableSchemaMismatchException(TableName, differences);
        }

        // Nothing is changed until every difference is known to be fixable: an index, then the next (one UpdateTable
        // each, DynamoDB's limit), each waited for, then time to live.
        var added = new List<string>();
        for (var i = 0; i < missingIndexes.Count; i++)
        {
            await AddIndexAsync(scope, progress, missingIndexes[i], i + 1, missingIndexes.Count, cancellationToken).ConfigureAwait(false);
            added.Add(ItemAttributeNames.IndexName(missingIndexes[i]));
            outcome = TableEnsureOutcome.IndexesAdded;
        }

        if (_options.EnableStream && await EnableStreamAsync(scope, table, cancellationToken).ConfigureAwait(false))
        {
            outcome = outcome == TableEnsureOutcome.AlreadyExisted ? TableEnsureOutcome.StreamEnabled : outcome;
        }

        var ttlEnabled = false;
        if (_options.EnableTimeToLive && differences.Any(TableDefinition.IsTimeToLiveOff))
        {
            await EnableTimeToLiveAsync(scope, cancellationToken).ConfigureAwait(false);
            ttlEnabled = true;
            if (outcome == TableEnsureOutcome.AlreadyExisted)
            {
                outcome = TableEnsureOutcome.TimeToLiveEnabled;
            }
        }

        var remaining = differences
            .Where(d => !added.Any(name => d.Subject == "Index " + name))
            .Where(d => !(ttlEnabled && TableDefinition.IsTimeToLiveOff(d)))
            .Where(d => !(_options.EnableStream && d.Subject == TableDefinition.StreamSubject))
            .ToArray();
        foreach (var difference in remaining)
        {
            Log.TableDiffers(_logger, TableName, difference.ToString());
        }

        return new TableEnsureResult(TableName, outcome, scope.RequestCount, added, remaining) { TimeToLiveEnabled = ttlEnabled };
    }

    private async Task<TimeToLiveDescription?> DescribeTimeToLiveAsync(OperationScope scope, CancellationToken cancellationToken)
    {
        if (_model.TimeToLiveAttributeName is null)
        {
            return null;
        }

        var response = await scope.SendAsync("DescribeTimeToLive", () => _client.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = TableName }, cancellationToken), null, cancellationToken).ConfigureAwait(false);
        return response.TimeToLiveDescription ?? new TimeToLiveDescription { TimeToLiveStatus = TimeToLiveStatus.DISABLED };
    }

    private async Task<TableEnsureOutcome> CreateAsync(OperationScope scope, CancellationToken cancellationToken)
    {
        try
        {
            await scope.SendAsync("CreateTable", () => _client.CreateTableAsync(_definition.BuildCreateRequest(TableName), cancellationToken), null, cancellationToken).ConfigureAwait(false);
            Log.TableCreated(_logger, TableName, _model.Indexes.Count);
            return TableEnsureOutcome.Created;
        }
        catch (ResourceInUseException)
        {
            // Another process created it between our describe and our create: wait for theirs.
            Log.TableCreatedConcurrently(_logger, TableName);
            return TableEnsureOutcome.CreatedConcurrently;
        }
    }

    private async Task EnableTimeToLiveAsync(OperationScope scope, CancellationToken cancellationToken)
    {
        if (_model.TimeToLiveAttributeName is not { } attribute)
        {
            return;
        }

        try
        {
            var request = new UpdateTimeToLiveRequest
            {
                TableName = TableName,
                TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = attribute, Enabled = true },
            };
            await scope.SendAsync("UpdateTimeToLive", () => _client.UpdateTimeToLiveAsync(request, cancellationToken), null, cancellationToken).ConfigureAwait(false);
            Log.TimeToLiveEnabled(_logger, attribute, TableName);
        }
        catch (AmazonDynamoDBException exception) when (exception.Message.Contains("already enabled", StringComparison.OrdinalIgnoreCase))
        {
            // A concurrent creator enabled it first: the outcome is the same.
        }
    }

    // An existing table without the stream gets it; one with another view type is reported, not changed (a
    // stream's view type cannot be changed in place, and disabling it would lose the records not yet read).
    private async Task<bool> EnableStreamAsync(OperationScope scope, TableDescription table, CancellationToken cancellationToken)
    {
        if (TableDefinition.HasStream(table))
        {
            return false;
        }

        if (table.StreamSpecification is { StreamEnabled: true } other)
        {
            throw new TableSchemaMismatchException(TableName, [new TableDifference("Stream", "NEW_AND_OLD_IMAGES", other.StreamViewType?.Value ?? "?", Blocking: true)]);
        }

        var request = new UpdateTableRequest { TableName = TableName, StreamSpecification = TableDefinition.Stream };
        await scope.SendAsync("UpdateTable", () => _client.UpdateTableAsync(request, cancellationToken), null, cancellationToken).ConfigureAwait(false);
        await WaitUntilActiveAsync(scope, null, null, 0, 0, _options.TableActiveTimeout, cancellationToken).ConfigureAwait(false);
        Log.StreamEnabled(_logger, TableName);
        return true;
    }

    private async Task AddIndexAsync(OperationScope scope, IProgress<TableEnsureProgress>? progress, int index, int position, int count, CancellationToken cancellationToken)
    {
        // DynamoDB creates one global secondary index per UpdateTable call.
        var request = new UpdateTableRequest
        {
            TableName = TableName,
            AttributeDefinitions = _definition.IndexAttributeDefinitions(index),
            GlobalSecondaryIndexUpdates = [new GlobalSecondaryIndexUpdate { Create = ToCreateAction(_definition.BuildIndex(index)) }],
        };
        await scope.SendAsync("UpdateTable", () => _client.UpdateTableAsync(request, cancellationToken), null, cancellationToken).ConfigureAwait(false);
        await WaitUntilActiveAsync(scope, progress, ItemAttributeNames.IndexName(index), position, count, _options.IndexActiveTimeout, cancellationToken).ConfigureAwait(false);
        Log.IndexAdded(_logger, ItemAttributeNames.IndexName(index), TableName);
    }

    private static CreateGlobalSecondaryIndexAction ToCreateAction(GlobalSecondaryIndex index) => new()
    {
        IndexName = index.IndexName,
        KeySchema = index.KeySchema,
        Projection = index.Projection,
        ProvisionedThroughput = index.ProvisionedThroughput,
    };

    private async Task<TableDescription> WaitUntilActiveAsync(
        OperationScope scope, IProgress<TableEnsureProgress>? progress, string? indexName, int position, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var step = indexName is null ? "Waiting for the table to become ACTIVE" : $"Adding index {indexName} ({position} of {count})";
        Action<TableDescription?, TimeSpan>? report = progress is null ? null : (table, elapsed) =>
        {
            var index = indexName is null ? null : table?.GlobalSecondaryIndexes?.Find(i => i.IndexName == indexName);
            var status = index?.IndexStatus?.Value ?? table?.TableStatus?.Value ?? "missing";
            progress.Report(new TableEnsureProgress(step, indexName, position, count, status, index?.Backfilling == true, index?.ItemCount, table?.ItemCount, elapsed, timeout));
        };
        var optionName = indexName is null ? nameof(SaasUsersTableOptions.TableActiveTimeout) : nameof(SaasUsersTableOptions.IndexActiveTimeout);
        return (await WaitAsync(scope, "ACTIVE", table => table is not null && IsActive(table), timeout, optionName, report, cancellationToken).ConfigureAwait(false))!;
    }

    private Task<TableDescription?> WaitAsync(OperationScope scope, string goal, Func<TableDescription?, bool> reached, CancellationToken cancellationToken) =>
        WaitAsync(scope, goal, reached, _options.TableActiveTimeout, nameof(SaasUsersTableOptions.TableActiveTimeout), null, cancellationToken);

    private async Task<TableDescription?> WaitAsync(
        OperationScope scope,
        string goal,
        Func<TableDescription?, bool> reached,
        TimeSpan timeout,
        string timeoutOption,
        Action<TableDescription?, TimeSpan>? report,
        CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        var delay = FirstPollDelay;
        while (true)
        {
            var table = await DescribeAsync(scope, cancellationToken).ConfigureAwait(false);
            report?.Invoke(table, _timeProvider.GetElapsedTime(started));
            if (reached(table))
            {
                return table;
            }

            if (_timeProvider.GetElapsedTime(started) + delay > timeout)
            {
                throw new TimeoutException(
                    $"Table '{TableName}' did not become {goal} within {timeout} ({timeoutOption}); it is {Describe(table)}.");
            }

            Log.WaitingForTable(_logger, TableName, Describe(table), (long)delay.TotalMilliseconds);
            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(MaxPollDelay.TotalMilliseconds, delay.TotalMilliseconds * 1.5));
        }
    }

    private async Task<TableDescription?> DescribeAsync(OperationScope scope, CancellationToken cancellationToken)
    {
        try
        {
            var response = await scope.SendAsync("DescribeTable", () => _client.DescribeTableAsync(new DescribeTableRequest { TableName = TableName }, cancellationToken), null, cancellationToken).ConfigureAwait(false);
            return response.Table;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    private static bool IsActive(TableDescription table) =>
        table.TableStatus == TableStatus.ACTIVE
        && (table.GlobalSecondaryIndexes ?? []).All(i => i.IndexStatus == IndexStatus.ACTIVE);

    private static string Describe(TableDescription? table) =>
        table is null ? "missing"
        : $"{table.TableStatus?.Value ?? "?"}" + string.Concat((table.GlobalSecondaryIndexes ?? []).Where(i => i.IndexStatus != IndexStatus.ACTIVE).Select(i => $", index {i.IndexName} {i.IndexStatus?.Value}"));
}
