using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SaasUsers.Data.Http.Signing;

namespace SaasUsers.Data.Http;

/// <summary>Decodes a successful answer's body (only valid during the call: the buffer is pooled).</summary>
internal delegate TResult AwsJsonDecoder<TState, TResult>(ReadOnlySpan<byte> body, TState state);

/// <summary>
/// The signed request path for AWS's JSON protocol (<c>application/x-amz-json-1.0</c>, operation in
/// <c>X-Amz-Target</c>): sign with SigV4, send, retry throttling, 5xx and transport errors with exponential back-off
/// and full jitter (as the SDK's standard mode), decode the body from a pooled buffer, and turn an error body into
/// the exception <see cref="AwsJsonErrors"/> chooses. One instance per endpoint; thread-safe.
/// </summary>
internal sealed class AwsJsonClient
{
    private const int InitialBufferSize = 16 * 1024;
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/x-amz-json-1.0");

    private readonly HttpClient _http;
    private readonly AwsJsonEndpoint _endpoint;
    private readonly TimeProvider _timeProvider;
    private readonly AwsJsonErrors _errors;

    public AwsJsonClient(HttpClient http, AwsJsonEndpoint endpoint, TimeProvider? timeProvider = null, AwsJsonErrors? errors = null)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        _timeProvider = timeProvider ?? TimeProvider.System;
        _errors = errors ?? AwsJsonErrors.Service;
    }

    public AwsJsonEndpoint Endpoint => _endpoint;

    /// <summary>Sends one operation and decodes its answer with source-generated metadata; retries what may succeed on a second try.</summary>
    /// <exception cref="AwsServiceException">The service refused the request (after retries, when retryable).</exception>
    public Task<TResponse> SendAsync<TRequest, TResponse>(
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken) =>
        SendAsync(
            operation,
            JsonSerializer.SerializeToUtf8Bytes(request, requestType),
            static (body, state) => JsonSerializer.Deserialize(body, state.Type)
                ?? throw new AwsServiceException(state.Operation, "SerializationException", "The service answered with an empty body.", HttpStatusCode.OK),
            (Type: responseType, Operation: operation),
            cancellationToken);

    /// <summary>Sends one operation whose body is already written, and decodes the answer with <paramref name="decode"/>.</summary>
    /// <exception cref="Exception">What <see cref="AwsJsonErrors"/> makes of a refusal or of the last transport failure.</exception>
    public async Task<TResult> SendAsync<TState, TResult>(
        string operation,
        ReadOnlyMemory<byte> body,
        AwsJsonDecoder<TState, TResult> decode,
        TState state,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Exception failure;
            try
            {
                using var message = await CreateSignedRequestAsync(operation, body, cancellationToken).ConfigureAwait(false);
                using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                var (buffer, length) = await ReadBodyAsync(response.Content, cancellationToken).ConfigureAwait(false);
                try
                {
                    if (response.IsSuccessStatusCode)
                    {
                        return decode(buffer.AsSpan(0, length), state);
                    }

                    var requestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;
                    var refusal = _errors.Refused(operation, response.StatusCode, buffer.AsSpan(0, length), requestId);
                    if (!_errors.IsRetryable(refusal))
                    {
                        throw refusal;
                    }

                    failure = refusal;
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
            catch (HttpRequestException exception)
            {
                failure = exception;
            }
            catch (IOException exception)
            {
                // The connection broke while the body was read.
                failure = exception;
            }
            catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
            {
                // HttpClient's own timeout, not the caller's token.
                failure = exception;
            }

            if (attempt >= _endpoint.MaxAttempts)
            {
                var final = _errors.GaveUp(operation, attempt, failure);
                if (ReferenceEquals(final, failure))
                {
                    ExceptionDispatchInfo.Throw(failure);
                }

                throw final;
            }

            await Task.Delay(RetryDelay.Compute(attempt), _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var expected = content.Headers.ContentLength;
        var buffer = ArrayPool<byte>.Shared.Rent(expected is > 0 and < int.MaxValue ? (int)expected.Value : InitialBufferSize);
        var length = 0;
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (length != expected)
                {
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                }
            }

            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private async Task<HttpRequestMessage> CreateSignedRequestAsync(string operation, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var credentials = await _endpoint.Credentials(cancellationToken).ConfigureAwait(false);
        var message = new HttpRequestMessage(HttpMethod.Post, _endpoint.Url)
        {
            Content = new ReadOnlyMemoryContent(body),
            Version = HttpVersion.Version11,
        };
        message.Content.Headers.ContentType = JsonContentType;
        message.Headers.TryAddWithoutValidation("X-Amz-Target", _endpoint.TargetPrefix + "." + operation);
        SigV4Signer.Sign(message, body.Span, credentials, _endpoint.Region, _endpoint.SigningService, _timeProvider.GetUtcNow());
        return message;
    }
}
