using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SaasUsers.Data.Http.Signing;

namespace SaasUsers.Data.Http;

/// <summary>
/// The signed request path for AWS's JSON protocol (<c>application/x-amz-json-1.0</c>, operation in
/// <c>X-Amz-Target</c>): serialize with source-generated metadata, sign with SigV4, send, retry throttling, 5xx
/// and transport errors with exponential back-off and full jitter (as the SDK's standard mode), and turn an error
/// body into an <see cref="AwsServiceException"/>. One instance per endpoint; thread-safe.
/// </summary>
internal sealed class AwsJsonClient
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/x-amz-json-1.0");

    private readonly HttpClient _http;
    private readonly AwsJsonEndpoint _endpoint;
    private readonly TimeProvider _timeProvider;

    public AwsJsonClient(HttpClient http, AwsJsonEndpoint endpoint, TimeProvider? timeProvider = null)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public AwsJsonEndpoint Endpoint => _endpoint;

    /// <summary>Sends one operation and decodes its answer; retries what may succeed on a second try.</summary>
    /// <exception cref="AwsServiceException">The service refused the request (after retries, when retryable).</exception>
    public async Task<TResponse> SendAsync<TRequest, TResponse>(
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Exception failure;
            try
            {
                using var message = await CreateSignedRequestAsync(operation, body, cancellationToken).ConfigureAwait(false);
                using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return JsonSerializer.Deserialize(bytes, responseType)
                        ?? throw new AwsServiceException(operation, "SerializationException", "The service answered with an empty body.", response.StatusCode);
                }

                var error = AwsServiceException.FromResponse(operation, response.StatusCode, bytes);
                if (!error.IsRetryable)
                {
                    throw error;
                }

                failure = error;
            }
            catch (HttpRequestException exception)
            {
                failure = exception;
            }
            catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
            {
                // HttpClient's own timeout, not the caller's token.
                failure = exception;
            }

            if (attempt >= _endpoint.MaxAttempts)
            {
                throw failure as AwsServiceException
                    ?? new AwsServiceException(operation, "RequestFailed", $"{operation} failed after {attempt} attempts: {failure.Message}", null, failure);
            }

            await Task.Delay(RetryDelay.Compute(attempt), _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<HttpRequestMessage> CreateSignedRequestAsync(string operation, byte[] body, CancellationToken cancellationToken)
    {
        var credentials = await _endpoint.Credentials(cancellationToken).ConfigureAwait(false);
        var message = new HttpRequestMessage(HttpMethod.Post, _endpoint.Url)
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version11,
        };
        message.Content.Headers.ContentType = JsonContentType;
        message.Headers.TryAddWithoutValidation("X-Amz-Target", _endpoint.TargetPrefix + "." + operation);
        SigV4Signer.Sign(message, body, credentials, _endpoint.Region, _endpoint.SigningService, _timeProvider.GetUtcNow());
        return message;
    }
}
