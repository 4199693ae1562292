using System.Collections.Concurrent;
using System.Diagnostics;

namespace SaasUsers.Data.Testing;

/// <summary>
/// Records every DynamoDB request a client sends (the API name, such as <c>GetItem</c> or <c>Query</c>), so a
/// test can assert how many requests an operation took. Thread-safe. Give it to a client through
/// <see cref="DynamoDbClientOptions.RequestLog"/>, or to every client the kit makes through
/// <see cref="DynamoDbLocal.SuiteRequestLog"/>.
/// </summary>
/// <remarks>
/// A log made with an activity source name (for example <c>SaasUsersTelemetry.Name</c>) records only the requests
/// sent while an activity of that source is current, and names that activity's operation as the request's
/// <see cref="DynamoDbRecordedRequest.Caller"/>: the requests a library sent, not those a test sent itself (a test's
/// own <c>Scan</c> to check a table, say). Such a log listens to the source for the rest of the process, so the
/// library's activities are created even where nothing else listens.
/// </remarks>
public sealed class DynamoDbRequestLog
{
    private static readonly ConcurrentDictionary<string, ActivityListener> Listeners = new(StringComparer.Ordinal);

    private readonly ConcurrentQueue<DynamoDbRecordedRequest> _requests = new();

    /// <summary>Creates a log of every request.</summary>
    public DynamoDbRequestLog()
    {
    }

    /// <summary>Creates a log of the requests sent inside an activity of <paramref name="activitySourceName"/>.</summary>
    /// <param name="activitySourceName">The <see cref="ActivitySource"/> name of the library whose requests to record.</param>
    public DynamoDbRequestLog(string activitySourceName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(activitySourceName);
        ActivitySourceName = activitySourceName;
        Listeners.GetOrAdd(activitySourceName, static name =>
        {
            var listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == name,
                Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            };
            ActivitySource.AddActivityListener(listener);
            return listener;
        });
    }

    /// <summary>The activity source whose requests this log records, or <see langword="null"/> for every request.</summary>
    public string? ActivitySourceName { get; }

    /// <summary>The API names of the requests sent since the last <see cref="Clear"/>, in the order they were sent.</summary>
    public IReadOnlyList<string> Operations => _requests.Select(r => r.Operation).ToArray();

    /// <summary>The requests sent since the last <see cref="Clear"/>, with the operation that sent each, in the order they were sent.</summary>
    public IReadOnlyList<DynamoDbRecordedRequest> Requests => _requests.ToArray();

    /// <summary>How many requests were sent since the last <see cref="Clear"/>.</summary>
    public int Count => _requests.Count;

    /// <summary>How many requests of one API (for example <c>Query</c>) were sent since the last <see cref="Clear"/>.</summary>
    public int CountOf(string operation) => _requests.Count(r => r.Operation == operation);

    /// <summary>Forgets the requests recorded so far.</summary>
    public void Clear() => _requests.Clear();

    internal void Record(string operation, IReadOnlyList<string>? parts = null)
    {
        if (ActivitySourceName is null)
        {
            _requests.Enqueue(new DynamoDbRecordedRequest(operation, CallerOf(Activity.Current, null)) { Parts = parts ?? [] });
            return;
        }

        // The innermost activity of the watched source: the HTTP client may have started activities of its own below it.
        for (var activity = Activity.Current; activity is not null; activity = activity.Parent)
        {
            if (activity.Source.Name == ActivitySourceName)
            {
                _requests.Enqueue(new DynamoDbRecordedRequest(operation, CallerOf(activity, ActivitySourceName)) { Parts = parts ?? [] });
                return;
            }
        }
    }

    private static string? CallerOf(Activity? activity, string? sourceName) =>
        activity is null || (sourceName is not null && activity.Source.Name != sourceName)
            ? null
            : activity.GetTagItem("db.operation.name") as string ?? activity.OperationName;
}

/// <summary>One request recorded by a <see cref="DynamoDbRequestLog"/>.</summary>
/// <param name="Operation">The DynamoDB API name, for example <c>PutItem</c>.</param>
/// <param name="Caller">
/// The operation that sent it: the <c>db.operation.name</c> tag (else the name) of the current activity, of the log's
/// activity source when it has one; <see langword="null"/> when no activity was current.
/// </param>
public sealed record DynamoDbRecordedRequest(string Operation, string? Caller)
{
    /// <summary>
    /// What in the request's body decides the permissions it needs beyond its API: the kinds of action a
    /// <c>TransactWriteItems</c> carries (<c>Put</c>, <c>Update</c>, <c>Delete</c>, <c>ConditionCheck</c>; distinct, in
    /// order of first use), and <c>Tags</c> for a <c>CreateTable</c> that tags the table. Empty for other requests.
    /// Left out of equality.
    /// </summary>
    public IReadOnlyList<string> Parts { get; init; } = [];

    /// <inheritdoc />
    public bool Equals(DynamoDbRecordedRequest? other) =>
        other is not null && Operation == other.Operation && Caller == other.Caller;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Operation, Caller);
}
