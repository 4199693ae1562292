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
    public async Task<TableEnsureResult> EnsureTableAsync(CancellationToken cancellationToken = default)
    {
        using var scope = TableInstrumentation.Start("EnsureTable", TableName, null);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            return await EnsureAsync(scope, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            scope.Fail(exception);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<bool> DeleteTableAsync(string confirmTableName, CancellationToken cancellationToken = default)
    {
        if (!string.Equals(confirmTableName, TableName, StringComparison.Ordinal))
        {
            throw new ArgumentException($"To delete table '{TableName}', pass its name again; '{confirmTableName}' does not match.", nameof(confirmTableName));
        }

        cancellationToken.ThrowIfCancellationRequested();

        using var scope = TableInstrumentation.Start("DeleteTable", TableName, null);
        try
        {
            await _client.DeleteTableAsync(new DeleteTableRequest { TableName = TableName }, cancellationToken).ConfigureAwait(false);
            scope.AddRequest("DeleteTable", (ConsumedCapacity?)null);
        }
        catch (ResourceNotFoundException)
        {
            scope.AddRequest("DeleteTable", (ConsumedCapacity?)null);
            return false;
        }

        await WaitAsync(scope, "deleted", table => table is null, cancellationToken).ConfigureAwait(false);
        Log.TableDeleted(_logger, TableName);
        return true;
    }

    private async Task<TableEnsureResult> EnsureAsync(OperationScope scope, CancellationToken cancellationToken)
    {
        var table = await DescribeAsync(scope, cancellationToken).ConfigureAwait(false);
        var outcome = TableEnsureOutcome.AlreadyExisted;
        if (table is null)
        {
            if (!_options.CreateTableIfMissing)
            {
                throw new MissingTableException(TableName);
            }

            outcome = await CreateAsync(scope, cancellationToken).ConfigureAwait(false);
            table = await WaitUntilActiveAsync(scope, cancellationToken).ConfigureAwait(false);
            await EnableTimeToLiveAsync(scope, cancellationToken).ConfigureAwait(false);
        }
        else if (!IsActive(table))
        {
            table = await WaitUntilActiveAsync(scope, cancellationToken).ConfigureAwait(false);
        }

        var missingIndexes = new List<int>();
        var differences = _definition.Compare(table, missingIndexes);
        if (differences.Any(d => d.Blocking))
        {
            throw new TableSchemaMismatchException(TableName, differences);
        }

        var added = new List<string>();
        foreach (var index in missingIndexes)
        {
            await AddIndexAsync(scope, index, cancellationToken).ConfigureAwait(false);
            added.Add(ItemAttributeNames.IndexName(index));
            outcome = TableEnsureOutcome.IndexesAdded;
        }

        var remaining = differences.Where(d => !added.Any(name => d.Subject == "Index " + name)).ToArray();
        foreach (var difference in remaining)
        {
            Log.TableDiffers(_logger, TableName, difference.ToString());
        }

        return new TableEnsureResult(TableName, outcome, scope.RequestCount, added, remaining);
    }

    private async Task<TableEnsureOutcome> CreateAsync(OperationScope scope, CancellationToken cancellationToken)
    {
        try
        {
            await _client.CreateTableAsync(_definition.BuildCreateRequest(TableName), cancellationToken).ConfigureAwait(false);
            scope.AddRequest("CreateTable", (ConsumedCapacity?)null);
            Log.TableCreated(_logger, TableName, _model.Indexes.Count);
            return TableEnsureOutcome.Created;
        }
        catch (ResourceInUseException)
        {
            // Another process created it between our describe and our create: wait for theirs.
            scope.AddRequest("CreateTable", (ConsumedCapacity?)null);
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
            await _client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
            {
                TableName = TableName,
                TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = attribute, Enabled = true },
            }, cancellationToken).ConfigureAwait(false);
            scope.AddRequest("UpdateTimeToLive", (ConsumedCapacity?)null);
            Log.TimeToLiveEnabled(_logger, attribute, TableName);
        }
        catch (AmazonDynamoDBException exception) when (exception.Message.Contains("already enabled", StringComparison.OrdinalIgnoreCase))
        {
            // A concurrent creator enabled it first: the outcome is the same.
            scope.AddRequest("UpdateTimeToLive", (ConsumedCapacity?)null);
        }
    }

    private async Task AddIndexAsync(OperationScope scope, int index, CancellationToken cancellationToken)
    {
        // DynamoDB creates one global secondary index per UpdateTable call.
        await _client.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = TableName,
            AttributeDefinitions = _definition.IndexAttributeDefinitions(index),
            GlobalSecondaryIndexUpdates = [new GlobalSecondaryIndexUpdate { Create = ToCreateAction(_definition.BuildIndex(index)) }],
        }, cancellationToken).ConfigureAwait(false);
        scope.AddRequest("UpdateTable", (ConsumedCapacity?)null);
        await WaitUntilActiveAsync(scope, cancellationToken).ConfigureAwait(false);
        Log.IndexAdded(_logger, ItemAttributeNames.IndexName(index), TableName);
    }

    private static CreateGlobalSecondaryIndexAction ToCreateAction(GlobalSecondaryIndex index) => new()
    {
        IndexName = index.IndexName,
        KeySchema = index.KeySchema,
        Projection = index.Projection,
        ProvisionedThroughput = index.ProvisionedThroughput,
    };

    private async Task<TableDescription> WaitUntilActiveAsync(OperationScope scope, CancellationToken cancellationToken) =>
        (await WaitAsync(scope, "ACTIVE", table => table is not null && IsActive(table), cancellationToken).ConfigureAwait(false))!;

    private async Task<TableDescription?> WaitAsync(OperationScope scope, string goal, Func<TableDescription?, bool> reached, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        var delay = FirstPollDelay;
        while (true)
        {
            var table = await DescribeAsync(scope, cancellationToken).ConfigureAwait(false);
            if (reached(table))
            {
                return table;
            }

            if (_timeProvider.GetElapsedTime(started) + delay > _options.TableActiveTimeout)
            {
                throw new TimeoutException(
                    $"Table '{TableName}' did not become {goal} within {_options.TableActiveTimeout} (TableActiveTimeout); it is {Describe(table)}.");
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
            var response = await _client.DescribeTableAsync(new DescribeTableRequest { TableName = TableName }, cancellationToken).ConfigureAwait(false);
            scope.AddRequest("DescribeTable", (ConsumedCapacity?)null);
            return response.Table;
        }
        catch (ResourceNotFoundException)
        {
            scope.AddRequest("DescribeTable", (ConsumedCapacity?)null);
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
