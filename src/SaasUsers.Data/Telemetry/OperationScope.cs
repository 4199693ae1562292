using System.Diagnostics;
using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data.Telemetry;

/// <summary>
/// One operation on the table (which may send several requests): its activity, request count, consumed capacity
/// and outcome, reported to the activity and the meter when disposed. Requests of one operation may be in flight
/// at once (a batch's chunks), so what they record is recorded under a lock.
/// </summary>
internal sealed class OperationScope : IDisposable
{
    private readonly string _operation;
    private readonly string? _entityType;
    private readonly long _startTimestamp;
    private readonly Activity? _activity;
    private readonly object _gate = new();
    private int _requests;
    private double _capacity;
    private string? _errorType;

    public OperationScope(string operation, string tableName, string? entityType)
    {
        _operation = operation;
        _entityType = entityType;
        _startTimestamp = Stopwatch.GetTimestamp();
        if (TableInstrumentation.ActivitySource.HasListeners())
        {
            _activity = TableInstrumentation.ActivitySource.StartActivity(operation + " " + tableName, ActivityKind.Client);
            if (_activity is not null)
            {
                _activity.SetTag("db.system.name", "aws.dynamodb");
                _activity.SetTag("db.collection.name", tableName);
                _activity.SetTag("db.operation.name", operation);
                if (entityType is not null)
                {
                    _activity.SetTag("saasusers.entity_type", entityType);
                }
            }
        }
    }

    /// <summary>The number of requests sent so far.</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>
    /// Sends one request of this operation and counts it whatever its outcome: answered, refused by DynamoDB, or
    /// failed on the way (an <see cref="HttpRequestException"/>, a timeout), with the capacity an answer reports.
    /// A <paramref name="cancellationToken"/> cancelled before the call sends nothing and counts nothing. Whether a
    /// failed request fails the operation is the caller's decision (a missing table is an answer to a provisioner).
    /// The table, the provisioner and the health check send every request through here.
    /// </summary>
    public async Task<TResponse> SendAsync<TResponse>(string apiName, Func<Task<TResponse>> send, Func<TResponse, ConsumedCapacity?>? capacity, CancellationToken cancellationToken)
    {
        // The SDK would hand the request to the HTTP stack before noticing; nothing should leave at all.
        cancellationToken.ThrowIfCancellationRequested();
        TResponse response;
        try
        {
            response = await send().ConfigureAwait(false);
        }
        catch
        {
            AddRequest(apiName, 0);
            throw;
        }

        AddRequest(apiName, capacity?.Invoke(response)?.CapacityUnits ?? 0);
        return response;
    }

    /// <summary>Marks the operation failed with <paramref name="exception"/>.</summary>
    public void Fail(Exception exception)
    {
        lock (_gate)
        {
            _errorType = exception.GetType().Name;
            _activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            _activity?.SetTag("error.type", _errorType);
        }
    }

    /// <summary>Clears a failure marked by <see cref="Fail"/>: the operation succeeded after all (for example, its own write was recognised).</summary>
    public void Recover()
    {
        lock (_gate)
        {
            _errorType = null;
            _activity?.SetStatus(ActivityStatusCode.Unset);
            _activity?.SetTag("error.type", null);
        }
    }

    public void Dispose()
    {
        var tags = new TagList
        {
            { "db.operation.name", _operation },
            { "saasusers.entity_type", _entityType ?? "(none)" },
        };
        if (_errorType is not null)
        {
            tags.Add("error.type", _errorType);
        }

        TableInstrumentation.Operations.Add(1, tags);
        TableInstrumentation.OperationDuration.Record(Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds, tags);
        if (_activity is not null)
        {
            _activity.SetTag("saasusers.request_count", _requests);
            _activity.SetTag("aws.dynamodb.consumed_capacity", _capacity);
            _activity.Dispose();
        }
    }

    private void AddRequest(string apiName, double units)
    {
        lock (_gate)
        {
            _requests++;
            _capacity += units;
        }

        var tags = new TagList { { "db.operation.name", apiName }, { "saasusers.entity_type", _entityType ?? "(none)" } };
        TableInstrumentation.Requests.Add(1, tags);
        if (units > 0)
        {
            TableInstrumentation.ConsumedCapacity.Add(units, tags);
        }
    }
}
