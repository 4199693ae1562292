using System.Runtime.CompilerServices;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Http;
using SaasUsers.Data.Mapping;
using SaasUsers.Data.Telemetry;

namespace SaasUsers.Data;

public sealed partial class EntityTable
{
    /// <inheritdoc />
    public async Task<QueryPage<object>> QueryAsync(ItemQuery query, CancellationToken cancellationToken = default)
    {
        if (_direct is { } direct)
        {
            var request = BuildQueryRequest(query, out var scopeText);
            var collector = new AnyItemCollector(_modelTypes, _logger, TableName, request.Limit ?? 0);
            var response = await SendDirectQueryAsync(direct, request, null, collector, cancellationToken).ConfigureAwait(false);
            return new QueryPage<object>(collector.Items, NextCursor(response.LastEvaluatedKey, scopeText));
        }

        var (items, next) = await QueryItemsAsync(query, null, cancellationToken).ConfigureAwait(false);
        var decoded = new List<object>(items.Count);
        foreach (var item in items)
        {
            decoded.Add(Decode(item));
        }

        return new QueryPage<object>(decoded, next);
    }

    /// <inheritdoc />
    public async Task<QueryPage<T>> QueryAsync<T>(ItemQuery query, CancellationToken cancellationToken = default)
        where T : class, IDynamoEntity<T>
    {
        ArgumentNullException.ThrowIfNull(query);
        var mapper = T.Mapper;
        if (query.Index is null && query.SortKey is null)
        {
            query = query with
            {
                SortKey = mapper.SortKey.IsConstant ? SortKeyCondition.Equal(mapper.SortKey.Pattern)
                    : mapper.SortKey.LiteralPrefix.Length > 0 ? SortKeyCondition.BeginsWith(mapper.SortKey.LiteralPrefix)
                    : null,
            };
        }

        if (_direct is { } direct)
        {
            var request = BuildQueryRequest(query, out var scopeText);
            var collector = new EntityItemCollector<T>(request.Limit ?? 0);
            var response = await SendDirectQueryAsync(direct, request, mapper.EntityType, collector, cancellationToken).ConfigureAwait(false);
            return new QueryPage<T>(collector.Items, NextCursor(response.LastEvaluatedKey, scopeText));
        }

        var (items, next) = await QueryItemsAsync(query, mapper.EntityType, cancellationToken).ConfigureAwait(false);
        var decoded = new List<T>(items.Count);
        foreach (var item in items)
        {
            if (IsOfType(item, mapper.EntityType))
            {
                decoded.Add(mapper.FromItem(item));
            }
        }

        return new QueryPage<T>(decoded, next);
    }

    /// <inheritdoc />
    public async Task<QueryPage<object>> QuerySinglePageAsync(ItemQuery query, CancellationToken cancellationToken = default)
    {
        // One page and no paging: no cursor to sign, only whether more items follow.
        var request = BuildQueryRequest(query, out _);
        if (_direct is { } direct)
        {
            var collector = new AnyItemCollector(_modelTypes, _logger, TableName, request.Limit ?? 0);
            var answer = await SendDirectQueryAsync(direct, request, null, collector, cancellationToken).ConfigureAwait(false);
            return new QueryPage<object>(collector.Items, nextCursor: null, hasMore: answer.LastEvaluatedKey is { Count: > 0 });
        }

        var response = await SendQueryAsync(request, null, cancellationToken).ConfigureAwait(false);
        var items = response.Items ?? [];
        var decoded = new List<object>(items.Count);
        foreach (var item in items)
        {
            decoded.Add(Decode(item));
        }

        return new QueryPage<object>(decoded, nextCursor: null, hasMore: response.LastEvaluatedKey is { Count: > 0 });
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<object> QueryAllAsync(ItemQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = await QueryAsync(query, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            foreach (var item in page.Items)
            {
                yield return item;
            }

            if (page.NextCursor is null)
            {
                yield break;
            }

            page = await QueryAsync(query with { Cursor = page.NextCursor }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public string ProtectCursor(string scope, IReadOnlyDictionary<string, string> state)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(state);
        var values = new Dictionary<string, AttributeValue>(state.Count, StringComparer.Ordinal);
        foreach (var (name, value) in state)
        {
            ArgumentException.ThrowIfNullOrEmpty(name, nameof(state));
            values.Add(name, new AttributeValue { S = value ?? throw new ArgumentNullException(nameof(state), $"Cursor state '{name}' has no value.") });
        }

        return _cursors.Protect(values, ApplicationCursorScope(scope));
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> UnprotectCursor(string cursor, string scope, string paramName = "cursor")
    {
        ArgumentNullException.ThrowIfNull(cursor, paramName);
        ArgumentNullException.ThrowIfNull(scope);
        var values = Unprotect(cursor, ApplicationCursorScope(scope), paramName);
        var state = new Dictionary<string, string>(values.Count, StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            state.Add(name, value.S ?? throw new InvalidCursorException(InvalidCursorReason.Malformed, paramName));
        }

        return state;
    }

    private Dictionary<string, AttributeValue> Unprotect(string cursor, string scope, string paramName)
    {
        try
        {
            return _cursors.Unprotect(cursor, scope, paramName);
        }
        catch (InvalidCursorException exception)
        {
            Log.CursorRejected(_logger, TableName, exception.Reason);
            throw;
        }
    }

    // An application's cursor scope is kept apart from query scopes, so neither kind of cursor pages the other.
    private string ApplicationCursorScope(string scope) => "app:" + TableName.Length + ":" + TableName + ";" + scope;

    /// <summary>Sends one query and returns the raw items and the next cursor.</summary>
    private async Task<(List<Dictionary<string, AttributeValue>> Items, string? NextCursor)> QueryItemsAsync(
        ItemQuery query, string? entityType, CancellationToken cancellationToken)
    {
        var request = BuildQueryRequest(query, out var scopeText);
        var response = await SendQueryAsync(request, entityType, cancellationToken).ConfigureAwait(false);
        return (response.Items ?? [], NextCursor(response.LastEvaluatedKey, scopeText));
    }

    private string? NextCursor(Dictionary<string, AttributeValue>? lastEvaluatedKey, string scopeText) =>
        lastEvaluatedKey is { Count: > 0 } last ? _cursors.Protect(last, scopeText) : null;

    private async Task<ReadResponse> SendDirectQueryAsync(DirectDynamoDbClient direct, QueryRequest request, string? entityType, JsonItemCollector collector, CancellationToken cancellationToken)
    {
        using var scope = TableInstrumentation.Start("Query", TableName, entityType);
        return await SendDirectAsync(direct, scope, "Query", ReadRequestJson.Query(request), collector, cancellationToken).ConfigureAwait(false);
    }

    private async Task<QueryResponse> SendQueryAsync(QueryRequest request, string? entityType, CancellationToken cancellationToken)
    {
        using var scope = TableInstrumentation.Start("Query", TableName, entityType);
        return await SendAsync(scope, "Query", () => _client.QueryAsync(request, cancellationToken), r => r.ConsumedCapacity, cancellationToken).ConfigureAwait(false);
    }

    private QueryRequest BuildQueryRequest(ItemQuery query, out string scopeText)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.PageSize is < 1 or > ItemQuery.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(query.PageSize), query.PageSize, $"PageSize must be from 1 to {ItemQuery.MaxPageSize}.");
        }

        if (query.Index is { } index && index is < 1 or > ItemAttributeNames.MaxIndexNumber)
        {
            throw new ArgumentOutOfRangeException(nameof(query.Index), query.Index, $"Index must be from 1 to {ItemAttributeNames.MaxIndexNumber}.");
        }

        if (query.Index is { } defined && !Model.Indexes.Contains(defined))
        {
            // DynamoDB would refuse it after the round trip; the model knows every index the table has.
            throw new ArgumentOutOfRangeException(nameof(query.Index), query.Index,
                $"Index GSI{defined} is not one of the table's indexes ({(Model.Indexes.Count == 0 ? "it has none" : string.Join(", ", Model.Indexes.Select(n => "GSI" + n)))}).");
        }

        if (query.Index is not null && query.ConsistentRead)
        {
            throw new ArgumentException("Global secondary indexes are eventually consistent; ConsistentRead is only allowed on the table.", nameof(query.ConsistentRead));
        }

        var attributes = new ExpressionAttributes();
        var partitionName = query.Index is { } i ? ItemAttributeNames.IndexPartitionKey(i) : ItemAttributeNames.PartitionKey;
        var sortName = query.Index is { } j ? ItemAttributeNames.IndexSortKey(j) : ItemAttributeNames.SortKey;
        var keyCondition = attributes.Name(partitionName) + " = " + attributes.Value(new AttributeValue { S = query.PartitionKey });
        if (query.SortKey is not null)
        {
            keyCondition += " AND " + query.SortKey.Render(attributes.Name(sortName), attributes);
        }

        scopeText = CursorScope(query);
        return new QueryRequest
        {
            TableName = TableName,
            IndexName = query.Index is { } n ? ItemAttributeNames.IndexName(n) : null,
            KeyConditionExpression = keyCondition,
            ExpressionAttributeNames = attributes.NamesOrNull,
            ExpressionAttributeValues = attributes.ValuesOrNull,
            ScanIndexForward = !query.Descending,
            Limit = query.PageSize,
            ConsistentRead = query.ConsistentRead,
            ExclusiveStartKey = query.Cursor is null ? null : Unprotect(query.Cursor, scopeText, query.CursorParameterName),
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        };
    }

    /// <summary>What a cursor is bound to: the table, index, partition, sort key condition and order (not the page size).</summary>
    private string CursorScope(ItemQuery query)
    {
        var builder = new StringBuilder();
        foreach (var part in new[] { TableName, query.Index?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", query.PartitionKey, query.SortKey?.ToString() ?? "-", query.Descending ? "desc" : "asc" })
        {
            // Length-prefixed, so no value can make two different queries look alike.
            builder.Append(part.Length).Append(':').Append(part).Append(';');
        }

        return builder.ToString();
    }
}
