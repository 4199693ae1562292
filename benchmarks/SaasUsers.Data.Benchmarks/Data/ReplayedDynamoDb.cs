using System.Net;
using System.Net.Http.Headers;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace SaasUsers.Data.Benchmarks.Data;

/// <summary>
/// A real <see cref="AmazonDynamoDBClient"/> whose HTTP answers are replayed from memory: requests are built,
/// signed and sent through the SDK's whole pipeline, and the recorded response bytes come back through it and are
/// unmarshalled as from the network. So a "whole read" (response bytes in, entities out) is measured with the
/// SDK's own cost included and no network or server in the way.
/// </summary>
public static class ReplayedDynamoDb
{
    /// <summary>A client that answers each operation (the <c>X-Amz-Target</c> after the dot) with its recorded body.</summary>
    public static AmazonDynamoDBClient CreateClient(IReadOnlyDictionary<string, byte[]> bodies) =>
        new(new BasicAWSCredentials("bench", "bench"), new AmazonDynamoDBConfig
        {
            ServiceURL = "http://127.0.0.1:9",
            AuthenticationRegion = "us-east-1",
            HttpClientFactory = new ReplayHttpClientFactory(new ReplayHandler(bodies)),
        });

    /// <summary>The handler that answers from memory: usable by any <see cref="HttpClient"/>.</summary>
    public static HttpMessageHandler CreateHandler(IReadOnlyDictionary<string, byte[]> bodies) => new ReplayHandler(bodies);

    private sealed class ReplayHttpClientFactory(HttpMessageHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => true;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }

    private sealed class ReplayHandler(IReadOnlyDictionary<string, byte[]> bodies) : HttpMessageHandler
    {
        private static readonly MediaTypeHeaderValue Json = new("application/x-amz-json-1.0");

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // Read the request body as a server would (the SDK may stream it).
            if (request.Content is { } content)
            {
                await content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            }

            var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.First() : string.Empty;
            var operation = target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..];
            if (!bodies.TryGetValue(operation, out var body))
            {
                throw new InvalidOperationException($"No recorded answer for '{operation}'.");
            }

            var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new ByteArrayContent(body) };
            response.Content.Headers.ContentType = Json;
            response.Headers.Add("x-amzn-RequestId", "REPLAYED0000000000000000000000000000000000000000000000");
            return response;
        }
    }
}
