using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.Table;

/// <summary>
/// One answer DynamoDB Local gave (status, headers, body), with the request it answered: its operation and its body
/// in a canonical form (object members sorted, arrays as sent), so that the request the SDK sent and the one the
/// direct path sends for the same read are the same request.
/// </summary>
internal sealed record RecordedAnswer(string Request, HttpStatusCode Status, (string Name, string[] Values)[] Headers, (string Name, string[] Values)[] ContentHeaders, byte[] Body)
{
    public HttpResponseMessage ToResponse()
    {
        var response = new HttpResponseMessage(Status) { Content = new ByteArrayContent(Body) };
        foreach (var (name, values) in Headers)
        {
            response.Headers.TryAddWithoutValidation(name, values);
        }

        foreach (var (name, values) in ContentHeaders)
        {
            response.Content.Headers.Remove(name);
            response.Content.Headers.TryAddWithoutValidation(name, values);
        }

        return response;
    }

    /// <summary>The answer with another body: its length follows, and its <c>x-amz-crc32</c> (which the SDK checks) is the new body's.</summary>
    public RecordedAnswer WithBody(byte[] body) =>
        this with
        {
            Body = body,
            Headers = Headers.Select(h => h.Name.Equals("x-amz-crc32", StringComparison.OrdinalIgnoreCase) ? (h.Name, [Crc32(body).ToString(CultureInfo.InvariantCulture)]) : h).ToArray(),
            ContentHeaders = ContentHeaders.Where(h => !h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).ToArray(),
        };

    /// <summary>The operation (<c>X-Amz-Target</c>) and the canonical body of <paramref name="request"/>.</summary>
    public static async Task<string> DescribeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? string.Join(",", values) : "(no target)";
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        if (body.Length == 0)
        {
            return target;
        }

        using var document = JsonDocument.Parse(body);
        var canonical = new StringBuilder(target).Append(' ');
        WriteCanonical(document.RootElement, canonical);
        return canonical.ToString();
    }

    // CRC-32 (IEEE 802.3, as zlib), what DynamoDB sends in x-amz-crc32.
    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var value in data)
        {
            crc ^= value;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static void WriteCanonical(JsonElement element, StringBuilder output)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                output.Append('{');
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    output.Append(JsonSerializer.Serialize(property.Name)).Append(':');
                    WriteCanonical(property.Value, output);
                    output.Append(',');
                }

                output.Append('}');
                break;
            case JsonValueKind.Array:
                output.Append('[');
                foreach (var item in element.EnumerateArray())
                {
                    WriteCanonical(item, output);
                    output.Append(',');
                }

                output.Append(']');
                break;
            case JsonValueKind.String:
                output.Append(JsonSerializer.Serialize(element.GetString()));
                break;
            default:
                output.Append(element.GetRawText());
                break;
        }
    }
}

/// <summary>
/// Records every answer (with its request) a client receives from DynamoDB Local; <c>rewrite</c>, when given, may
/// change an answer (given the request's body) before it is recorded and passed on, to make a real answer into one
/// DynamoDB Local never gives (keys left unprocessed, say).
/// </summary>
internal sealed class AnswerRecorder(Func<byte[], RecordedAnswer, RecordedAnswer>? rewrite = null) : DelegatingHandler(new SocketsHttpHandler())
{
    public List<RecordedAnswer> Answers { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var described = await RecordedAnswer.DescribeAsync(request, cancellationToken);
        var requestBody = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var answer = new RecordedAnswer(
            described,
            response.StatusCode,
            response.Headers.Select(h => (h.Key, h.Value.ToArray())).ToArray(),
            response.Content.Headers.Select(h => (h.Key, h.Value.ToArray())).ToArray(),
            body);
        response.Dispose();
        if (rewrite is not null)
        {
            answer = rewrite(requestBody, answer);
        }

        lock (Answers)
        {
            Answers.Add(answer);
        }

        return answer.ToResponse();
    }
}

/// <summary>
/// Answers each request, without any network, with a recorded answer to the same request (the first not used yet):
/// concurrent requests (a batch's chunks) may come in any order. A request nobody recorded fails the test.
/// </summary>
internal sealed class AnswerReplayer(IReadOnlyList<RecordedAnswer> answers) : DelegatingHandler
{
    private readonly bool[] _used = new bool[answers.Count];

    /// <summary>Every request received, with the names of its headers.</summary>
    public ConcurrentQueue<(string Request, string[] HeaderNames)> Received { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var described = await RecordedAnswer.DescribeAsync(request, cancellationToken);
        Received.Enqueue((described, request.Headers.Select(h => h.Key).ToArray()));
        lock (_used)
        {
            for (var i = 0; i < answers.Count; i++)
            {
                if (!_used[i] && answers[i].Request == described)
                {
                    _used[i] = true;
                    return answers[i].ToResponse();
                }
            }
        }

        Assert.Fail($"No recorded answer (of {answers.Count}) for the request {described}");
        throw new InvalidOperationException("Unreachable.");
    }
}

/// <summary>Gives the SDK (and so the direct path) an <see cref="HttpClient"/> on one handler.</summary>
internal sealed class HandlerFactory(DelegatingHandler handler) : HttpClientFactory
{
    private readonly string _id = Guid.NewGuid().ToString("N");

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    public override string GetConfigUniqueString(IClientConfig clientConfig) => "direct-read-tests-" + _id;

    /// <summary>A client of DynamoDB Local whose every request (on either read path) goes through <paramref name="handler"/>, without SDK retries.</summary>
    public static IAmazonDynamoDB CreateClient(Uri serviceUrl, DelegatingHandler handler) =>
        new AmazonDynamoDBClient(DynamoDbLocal.Credentials, new AmazonDynamoDBConfig
        {
            ServiceURL = serviceUrl.ToString(),
            AuthenticationRegion = DynamoDbLocal.Region,
            MaxErrorRetry = 0,
            HttpClientFactory = new HandlerFactory(handler),
        });
}
