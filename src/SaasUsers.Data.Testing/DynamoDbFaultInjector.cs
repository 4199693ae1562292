using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace SaasUsers.Data.Testing;

/// <summary>
/// Makes chosen DynamoDB operations fail the way the service fails, for testing an application's error handling
/// against a real DynamoDB Local (which itself never throttles, never fails with 5xx and never reports
/// transaction conflicts). Each rule fires a given number of times, then requests pass through untouched.
/// Thread-safe. Give it to a client through <see cref="DynamoDbClientOptions.Faults"/>.
/// </summary>
/// <example>
/// <code>
/// var faults = new DynamoDbFaultInjector().Throttle("PutItem", times: 2);
/// using var client = DynamoDbLocal.CreateClient(serviceUrl, new DynamoDbClientOptions { Faults = faults });
/// </code>
/// </example>
public sealed class DynamoDbFaultInjector
{
    private const string ErrorPrefix = "com.amazonaws.dynamodb.v20120810#";
    private readonly object _gate = new();
    private readonly List<Rule> _rules = [];
    private int _injected;

    /// <summary>How many faults were injected so far.</summary>
    public int Injected => Volatile.Read(ref _injected);

    /// <summary>Answers the operation with <c>ProvisionedThroughputExceededException</c> (HTTP 400), which the SDK retries.</summary>
    /// <param name="operation">The API name, for example <c>PutItem</c>.</param>
    /// <param name="times">How many requests to fail.</param>
    public DynamoDbFaultInjector Throttle(string operation, int times = 1) =>
        Add(operation, times, FaultKind.Throttle, HttpStatusCode.BadRequest, []);

    /// <summary>Answers the operation with a server error (HTTP 500 by default), which the SDK retries.</summary>
    /// <param name="operation">The API name.</param>
    /// <param name="times">How many requests to fail.</param>
    /// <param name="status">The 5xx status code.</param>
    public DynamoDbFaultInjector ServerError(string operation, int times = 1, HttpStatusCode status = HttpStatusCode.InternalServerError)
    {
        if ((int)status is < 500 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A server error has a 5xx status code.");
        }

        return Add(operation, times, FaultKind.ServerError, status, []);
    }

    /// <summary>
    /// Lets the request reach DynamoDB Local, which applies it, then throws its answer away and answers with a server
    /// error (HTTP 500 by default), as when the service applied a write but the answer was lost on the way back. The
    /// SDK retries: a conditional write's retry then meets its own applied write. Unlike <see cref="ServerError"/>,
    /// this exercises what the server really did.
    /// </summary>
    /// <param name="operation">The API name, for example <c>UpdateItem</c>.</param>
    /// <param name="times">How many requests to apply and then fail.</param>
    /// <param name="status">The 5xx status code.</param>
    /// <param name="whileTheAnswerIsLost">
    /// Runs after the request was applied and before the error goes back (so before the SDK's retry), when set: for
    /// example another writer's change landing between a write and its retry.
    /// </param>
    public DynamoDbFaultInjector ServerErrorAfterApplying(
        string operation,
        int times = 1,
        HttpStatusCode status = HttpStatusCode.InternalServerError,
        Func<CancellationToken, Task>? whileTheAnswerIsLost = null)
    {
        if ((int)status is < 500 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A server error has a 5xx status code.");
        }

        return Add(operation, times, FaultKind.AfterApplying, status, [], whileTheAnswerIsLost);
    }

    /// <summary>
    /// Lets a <c>BatchWriteItem</c> or <c>BatchGetItem</c> through with only the first half of its items, and
    /// answers with the other half as unprocessed, as DynamoDB does under load.
    /// </summary>
    /// <param name="operation"><c>BatchWriteItem</c> or <c>BatchGetItem</c>.</param>
    /// <param name="times">How many requests to cut.</param>
    public DynamoDbFaultInjector UnprocessedItems(string operation, int times = 1)
    {
        if (operation is not ("BatchWriteItem" or "BatchGetItem"))
        {
            throw new ArgumentException("Only BatchWriteItem and BatchGetItem return unprocessed items.", nameof(operation));
        }

        return Add(operation, times, FaultKind.Unprocessed, HttpStatusCode.OK, []);
    }

    /// <summary>
    /// Answers <c>TransactWriteItems</c> with <c>TransactionCanceledException</c>, as when another transaction or
    /// a throttle got in the way; nothing is written.
    /// </summary>
    /// <param name="reasonCodes">The cancellation reason of each action, in order (for example <c>TransactionConflict</c>, <c>None</c>); actions beyond the list get <c>None</c>.</param>
    /// <param name="times">How many requests to cancel.</param>
    public DynamoDbFaultInjector CancelTransaction(IReadOnlyList<string> reasonCodes, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(reasonCodes);
        return Add("TransactWriteItems", times, FaultKind.CancelTransaction, HttpStatusCode.BadRequest, reasonCodes.ToArray());
    }

    internal async Task<HttpResponseMessage?> TryInjectAsync(
        HttpRequestMessage request,
        string operation,
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send,
        CancellationToken cancellationToken)
    {
        Rule? rule;
        lock (_gate)
        {
            rule = _rules.FirstOrDefault(r => r.Operation == operation && r.Remaining > 0);
            if (rule is null)
            {
                return null;
            }

            rule.Remaining--;
        }

        Interlocked.Increment(ref _injected);
        return rule.Kind switch
        {
            FaultKind.Throttle => Error(rule.Status, "ProvisionedThroughputExceededException", "The level of configured provisioned throughput for the table was exceeded (injected by DynamoDbFaultInjector)."),
            FaultKind.ServerError => Error(rule.Status, "InternalServerError", "Internal server error (injected by DynamoDbFaultInjector)."),
            FaultKind.CancelTransaction => await CancelAsync(request, rule.ReasonCodes, cancellationToken).ConfigureAwait(false),
            FaultKind.AfterApplying => await ApplyThenFailAsync(request, rule.Status, send, rule.WhileTheAnswerIsLost, cancellationToken).ConfigureAwait(false),
            _ => await SplitBatchAsync(request, operation, send, cancellationToken).ConfigureAwait(false),
        };
    }

    private DynamoDbFaultInjector Add(string operation, int times, FaultKind kind, HttpStatusCode status, string[] reasonCodes, Func<CancellationToken, Task>? whileTheAnswerIsLost = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operation);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        lock (_gate)
        {
            _rules.Add(new Rule(operation, kind, status, reasonCodes) { Remaining = times, WhileTheAnswerIsLost = whileTheAnswerIsLost });
        }

        return this;
    }

    private static async Task<HttpResponseMessage> CancelAsync(HttpRequestMessage request, string[] codes, CancellationToken cancellationToken)
    {
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken).ConfigureAwait(false))!;
        var count = body["TransactItems"]?.AsArray().Count ?? codes.Length;
        var reasons = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var code = i < codes.Length ? codes[i] : "None";
            reasons.Add(new JsonObject { ["Code"] = code, ["Message"] = code == "None" ? null : $"{code} (injected by DynamoDbFaultInjector)" });
        }

        var payload = new JsonObject
        {
            ["__type"] = ErrorPrefix + "TransactionCanceledException",
            ["Message"] = $"Transaction cancelled, please refer cancellation reasons for specific reasons [{string.Join(", ", Enumerable.Range(0, count).Select(i => i < codes.Length ? codes[i] : "None"))}]",
            ["CancellationReasons"] = reasons,
        };
        return Json(HttpStatusCode.BadRequest, payload.ToJsonString());
    }

    private static async Task<HttpResponseMessage> SplitBatchAsync(
        HttpRequestMessage request,
        string operation,
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send,
        CancellationToken cancellationToken)
    {
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken).ConfigureAwait(false))!.AsObject();
        var requestItems = body["RequestItems"]!.AsObject();
        var held = new JsonObject();
        foreach (var (table, node) in requestItems.ToArray())
        {
            // BatchWriteItem: a list of writes a table; BatchGetItem: { Keys: [...] } a table.
            var list = operation == "BatchWriteItem" ? node!.AsArray() : node!["Keys"]!.AsArray();
            var keep = (list.Count + 1) / 2;
            var rest = new JsonArray();
            while (list.Count > keep)
            {
                var element = list[keep]!;
                list.RemoveAt(keep);
                rest.Add(element);
            }

            if (rest.Count > 0)
            {
                held[table] = operation == "BatchWriteItem" ? rest : new JsonObject { ["Keys"] = rest };
            }
        }

        using var forward = new HttpRequestMessage(request.Method, request.RequestUri);
        foreach (var header in request.Headers)
        {
            forward.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        // DynamoDB Local does not check signatures, so the shortened body can go with the original headers.
        forward.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.0");
        var response = await send(forward, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return response;
        }

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false))!.AsObject();
        answer[operation == "BatchWriteItem" ? "UnprocessedItems" : "UnprocessedKeys"] = held;
        response.Dispose();
        return Json(HttpStatusCode.OK, answer.ToJsonString());
    }

    private static async Task<HttpResponseMessage> ApplyThenFailAsync(
        HttpRequestMessage request,
        HttpStatusCode status,
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send,
        Func<CancellationToken, Task>? whileTheAnswerIsLost,
        CancellationToken cancellationToken)
    {
        using (await send(request, cancellationToken).ConfigureAwait(false))
        {
            // Applied by DynamoDB Local; the answer never reaches the client.
        }

        if (whileTheAnswerIsLost is not null)
        {
            await whileTheAnswerIsLost(cancellationToken).ConfigureAwait(false);
        }

        return Error(status, "InternalServerError", "Internal server error after the request was applied (injected by DynamoDbFaultInjector).");
    }

    private static HttpResponseMessage Error(HttpStatusCode status, string type, string message) =>
        Json(status, new JsonObject { ["__type"] = ErrorPrefix + type, ["message"] = message }.ToJsonString());

    private static HttpResponseMessage Json(HttpStatusCode status, string json)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/x-amz-json-1.0") };
        response.Headers.Add("x-amzn-RequestId", Guid.NewGuid().ToString("N"));
        return response;
    }

    private enum FaultKind
    {
        Throttle,
        ServerError,
        Unprocessed,
        CancelTransaction,
        AfterApplying,
    }

    private sealed class Rule(string operation, FaultKind kind, HttpStatusCode status, string[] reasonCodes)
    {
        public string Operation { get; } = operation;

        public FaultKind Kind { get; } = kind;

        public HttpStatusCode Status { get; } = status;

        public string[] ReasonCodes { get; } = reasonCodes;

        public int Remaining { get; set; }

        public Func<CancellationToken, Task>? WhileTheAnswerIsLost { get; init; }
    }
}
