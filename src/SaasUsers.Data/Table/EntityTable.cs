using System.Security.Cryptography;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SaasUsers.Data.Mapping;
using SaasUsers.Data.Paging;
using SaasUsers.Data.Telemetry;

namespace SaasUsers.Data;

/// <summary>
/// The <see cref="IEntityTable"/> over the low-level <see cref="IAmazonDynamoDB"/> client. Each public call sends
/// the fewest requests the operation needs, validates input before sending anything, and reports an activity,
/// metrics and consumed capacity under <see cref="SaasUsersTelemetry.Name"/>.
/// </summary>
public sealed partial class EntityTable : IEntityTable
{
    // One random key per process when none is configured, so every table instance in the process agrees.
    private static readonly Lazy<byte[]> EphemeralCursorKey = new(() => RandomNumberGenerator.GetBytes(32));

    private readonly IAmazonDynamoDB _client;
    private readonly SaasUsersTableOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CursorProtector _cursors;
    private readonly int _batchConcurrency;

    /// <summary>Creates the table client.</summary>
    /// <param name="client">The DynamoDB client.</param>
    /// <param name="model">The entity types stored in the table.</param>
    /// <param name="options">The options; the table name comes from <see cref="SaasUsersTableOptions.ResolvedTableName"/>.</param>
    /// <param name="timeProvider">The clock for cursor expiry and retry delays; the system clock when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <exception cref="ArgumentException">The options name no table or an invalid one, or the cursor signing key is not base64 of at least 32 bytes.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="SaasUsersTableOptions.MaxBatchConcurrency"/> is not from 1 to 32.</exception>
    public EntityTable(IAmazonDynamoDB client, TableModel model, SaasUsersTableOptions options, TimeProvider? timeProvider = null, ILogger<EntityTable>? logger = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        Model = model ?? throw new ArgumentNullException(nameof(model));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        TableName = SaasUsersTableOptionsRules.RequireValidTableName(options, nameof(options));
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _cursors = new CursorProtector(CursorKey(options, _logger), options.CursorLifetime, _timeProvider);
        _batchConcurrency = options.MaxBatchConcurrency is >= 1 and <= SaasUsersTableOptions.MaxBatchConcurrencyLimit
            ? options.MaxBatchConcurrency
            : throw new ArgumentOutOfRangeException(nameof(options), options.MaxBatchConcurrency,
                $"{nameof(SaasUsersTableOptions.MaxBatchConcurrency)} must be from 1 to {SaasUsersTableOptions.MaxBatchConcurrencyLimit}.");
    }

    /// <inheritdoc />
    public string TableName { get; }

    /// <inheritdoc />
    public TableModel Model { get; }

    /// <inheritdoc />
    public async Task<T?> GetAsync<T>(PrimaryKey key, bool consistentRead = false, CancellationToken cancellationToken = default)
        where T : class, IDynamoEntity<T>
    {
        var mapper = T.Mapper;
        var request = new GetItemRequest
        {
            TableName = TableName,
            Key = key.ToAttributes(nameof(key)),
            ConsistentRead = consistentRead,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        };

        using var scope = TableInstrumentation.Start("Get", TableName, mapper.EntityType);
        var response = await SendAsync(scope, "GetItem", () => _client.GetItemAsync(request, cancellationToken), r => r.ConsumedCapacity, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item && IsOfType(item, mapper.EntityType) ? mapper.FromItem(item) : null;
    }

    /// <inheritdoc />
    public Task<T> CreateAsync<T>(T entity, CancellationToken cancellationToken = default)
        where T : class, IDynamoEntity<T> =>
        PutActionAsync<T>(WriteAction.Create(entity), "Create", cancellationToken);

    /// <inheritdoc />
    public Task<T> PutAsync<T>(T entity, CancellationToken cancellationToken = default)
        where T : class, IDynamoEntity<T> =>
        PutActionAsync<T>(WriteAction.Put(entity), "Put", cancellationToken);

    /// <inheritdoc />
    public Task<T> UpdateAsync<T>(PrimaryKey key, Action<UpdateBuilder<T>> update, CancellationToken cancellationToken = default)
        where T : class, IDynamoEntity<T> =>
        SendUpdateAsync(key, update, static (k, b) => WriteAction.Update(k, b), "Update", cancellationToken);

    /// <inheritdoc />
    public Task<T> UpsertAsync<T>(PrimaryKey key, Action<UpdateBuilder<T>> update, CancellationToken cancellationToken = default)
        where T : class, IDynamoEntity<T> =>
        SendUpdateAsync(key, update, static (k, b) => WriteAction.Upsert(k, b), "Upsert", cancellationToken);

    // Update and upsert differ only in the action's condition; one UpdateItem send serves both.
    private async Task<T> SendUpdateAsync<T>(PrimaryKey key, Action<UpdateBuilder<T>> update, Func<PrimaryKey, UpdateBuilder<T>, WriteAction> createAction, string operation, CancellationToken cancellationToken)
        where T : class, IDynamoEntity<T>
    {
        ArgumentNullException.ThrowIfNull(update);
        var builder = new UpdateBuilder<T>();
        update(builder);
        var action = createAction(key, builder);
        var request = action.ToUpdateRequest(TableName);

        using var scope = TableInstrumentation.Start(operation, TableName, action.EntityType);
        var response = await SendConditionalAsync(scope, "UpdateItem", action, () => _client.UpdateItemAsync(request, cancellationToken), r => r.ConsumedCapacity, cancellationToken, stored => new UpdateItemResponse { Attributes = stored }).ConfigureAwait(false);
        return T.Mapper.FromItem(response.Attributes);
    }

    /// <inheritdoc />
    public async Task<T> DeleteAsync<T>(PrimaryKey key, long? expectedVersion = null, ItemCondition<T>? condition = null, CancellationToken cancellationToken = default)
        where T : class, IDynamoEntity<T>
    {
        var action = WriteAction.Delete(key, expectedVersion, condition);
        var request = action.ToDeleteRequest(TableName);

        using var scope = TableInstrumentation.Start("Delete", TableName, action.EntityType);
        var response = await SendConditionalAsync(scope, "DeleteItem", action, () => _client.DeleteItemAsync(request, cancellationToken), r => r.ConsumedCapacity, cancellationToken).ConfigureAwait(false);
        return T.Mapper.FromItem(response.Attributes);
    }

    /// <summary>Decodes an item to its stored entity type, or an <see cref="UnknownItem"/>.</summary>
    private object Decode(Dictionary<string, AttributeValue> item)
    {
        var entityType = ItemConditions.StoredEntityType(item);
        if (entityType is not null && Model.TryGetMapper(entityType, out var mapper))
        {
            return mapper.FromItemAsObject(item);
        }

        Log.UnknownEntityType(_logger, entityType ?? "(none)", TableName);
        return new UnknownItem(entityType, item);
    }

    /// <summary>
    /// Sends one request through <paramref name="scope"/> (which counts it, answered or not), marks the operation
    /// failed when it fails, and turns a missing table into <see cref="MissingTableException"/>. A
    /// <paramref name="cancellationToken"/> cancelled before the call sends nothing and throws
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    private async Task<TResponse> SendAsync<TResponse>(
        OperationScope scope,
        string apiName,
        Func<Task<TResponse>> send,
        Func<TResponse, ConsumedCapacity?> capacity,
        CancellationToken cancellationToken = default)
    {
        try
        {
            return await scope.SendAsync(apiName, send, capacity, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceNotFoundException exception)
        {
            var notFound = new MissingTableException(TableName, exception);
            scope.Fail(notFound);
            throw notFound;
        }
        catch (TimeoutException exception)
        {
            // The SDK's own message only says "The operation was canceled."; say what timed out and what it means.
            var timeout = new TimeoutException(
                $"{apiName} on table '{TableName}' got no answer within the client timeout{(_client.Config.Timeout is { } limit ? $" ({limit})" : string.Empty)} " +
                "and its retries; a write may or may not have been applied, so retry it only if it is idempotent.",
                exception);
            scope.Fail(timeout);
            throw timeout;
        }
        catch (Exception exception)
        {
            scope.Fail(exception);
            throw;
        }
    }

    /// <summary>
    /// Sends a conditional write and explains a failed condition with the write's typed exception. When the item
    /// the failed condition returns carries the write's own token, DynamoDB applied this write on an earlier attempt
    /// whose answer was lost (the SDK retried): that is success, answered by <paramref name="ownWrite"/> from the
    /// stored item, not a conflict with the caller's own write.
    /// </summary>
    private async Task<TResponse> SendConditionalAsync<TResponse>(
        OperationScope scope,
        string apiName,
        WriteAction action,
        Func<Task<TResponse>> send,
        Func<TResponse, ConsumedCapacity?> capacity,
        CancellationToken cancellationToken,
        Func<Dictionary<string, AttributeValue>, TResponse>? ownWrite = null)
    {
        try
        {
            return await SendAsync(scope, apiName, send, capacity, cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException exception) when (ownWrite is not null && action.IsOwnWrite(exception.Item))
        {
            Log.OwnWriteRecognized(_logger, apiName, action.EntityType, TableName);
            scope.Recover();
            return ownWrite(exception.Item);
        }
        catch (ConditionalCheckFailedException exception)
        {
            var failure = action.ToException(exception.Item, exception);
            Log.ConditionFailed(_logger, apiName, action.EntityType, TableName, failure.GetType().Name);
            scope.Fail(failure);
            throw failure;
        }
    }


    private static bool IsOfType(Dictionary<string, AttributeValue> item, string entityType) => ItemConditions.IsOfType(item, entityType);

    private async Task<T> PutActionAsync<T>(WriteAction action, string operation, CancellationToken cancellationToken)
        where T : class, IDynamoEntity<T>
    {
        var request = action.ToPutRequest(TableName);

        using var scope = TableInstrumentation.Start(operation, TableName, action.EntityType);
        await SendConditionalAsync(scope, "PutItem", action, () => _client.PutItemAsync(request, cancellationToken), r => r.ConsumedCapacity, cancellationToken, _ => new PutItemResponse()).ConfigureAwait(false);
        return (T)action.WrittenEntity!;
    }

    private static byte[] CursorKey(SaasUsersTableOptions options, ILogger logger)
    {
        if (string.IsNullOrEmpty(options.CursorSigningKey))
        {
            Log.EphemeralCursorKey(logger);
            return EphemeralCursorKey.Value;
        }

        var buffer = new byte[options.CursorSigningKey.Length];
        if (!Convert.TryFromBase64String(options.CursorSigningKey, buffer, out var written) || written < 32)
        {
            throw new ArgumentException("CursorSigningKey must be base64 of at least 32 bytes (for example the output of `openssl rand -base64 32`).", nameof(options));
        }

        return buffer.AsSpan(0, written).ToArray();
    }
}
