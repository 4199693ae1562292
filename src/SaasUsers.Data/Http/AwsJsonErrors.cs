using System.Net;
using Amazon.Runtime;

namespace SaasUsers.Data.Http;

/// <summary>
/// What <see cref="AwsJsonClient"/> throws: for a refusal, and for the last transport failure once no attempt is
/// left. <see cref="Service"/> (the Streams API, which the SDK we use has no client for) throws
/// <see cref="AwsServiceException"/>; <see cref="DynamoDb"/> (the direct read path) throws what the SDK's own
/// client throws for the same answer, so callers catch the same exceptions on either path.
/// </summary>
internal abstract class AwsJsonErrors
{
    public static AwsJsonErrors Service { get; } = new ServiceErrors();

    public static AwsJsonErrors DynamoDb { get; } = new DynamoDbErrors();

    public abstract Exception Refused(string operation, HttpStatusCode status, ReadOnlySpan<byte> body, string? requestId);

    public abstract bool IsRetryable(Exception refusal);

    /// <summary>The exception to throw after the last attempt failed with <paramref name="failure"/> (itself, to rethrow it).</summary>
    public abstract Exception GaveUp(string operation, int attempts, Exception failure);

    private sealed class ServiceErrors : AwsJsonErrors
    {
        public override Exception Refused(string operation, HttpStatusCode status, ReadOnlySpan<byte> body, string? requestId)
        {
            var (code, message) = SdkErrors.CodeAndMessage(status, body);
            return new AwsServiceException(operation, code, message, status);
        }

        public override bool IsRetryable(Exception refusal) => refusal is AwsServiceException { IsRetryable: true };

        public override Exception GaveUp(string operation, int attempts, Exception failure) =>
            failure as AwsServiceException
            ?? new AwsServiceException(operation, "RequestFailed", $"{operation} failed after {attempts} attempts: {failure.Message}", null, failure);
    }

    private sealed class DynamoDbErrors : AwsJsonErrors
    {
        public override Exception Refused(string operation, HttpStatusCode status, ReadOnlySpan<byte> body, string? requestId) =>
            SdkErrors.FromResponse(status, body, requestId);

        public override bool IsRetryable(Exception refusal) => refusal is AmazonServiceException service && SdkErrors.IsRetryable(service);

        // As the SDK: the last answer's exception, the transport's own exception, or a TimeoutException for the
        // client timeout (which the table explains).
        public override Exception GaveUp(string operation, int attempts, Exception failure) =>
            failure is TaskCanceledException ? new TimeoutException($"{operation} got no answer within the client timeout.", failure) : failure;
    }
}
