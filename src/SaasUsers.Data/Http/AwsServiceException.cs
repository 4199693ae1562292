using System.Net;

namespace SaasUsers.Data;

/// <summary>
/// An AWS service refused a request the package sent over its own HTTP path (the DynamoDB Streams API, for
/// example): the service's error code (<c>ExpiredIteratorException</c>, <c>TrimmedDataAccessException</c>, ...),
/// message and HTTP status.
/// </summary>
public sealed class AwsServiceException : SaasUsersDataException
{
    private static readonly HashSet<string> RetryableCodes = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "Throttling", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "RequestLimitExceeded", "LimitExceededException",
        "InternalServerError", "InternalFailure", "ServiceUnavailable", "TransactionInProgressException",
    };

    /// <summary>Creates the exception.</summary>
    /// <param name="operation">The operation that failed.</param>
    /// <param name="errorCode">The service's error code.</param>
    /// <param name="message">The service's message.</param>
    /// <param name="statusCode">The HTTP status, when an answer came.</param>
    /// <param name="innerException">The transport error, if any.</param>
    public AwsServiceException(string operation, string errorCode, string message, HttpStatusCode? statusCode, Exception? innerException = null)
        : base($"{operation} failed: {errorCode}: {message}", innerException)
    {
        Operation = operation;
        ErrorCode = errorCode;
        StatusCode = statusCode;
    }

    /// <summary>The operation that failed (for example <c>GetRecords</c>).</summary>
    public string Operation { get; }

    /// <summary>The service's error code, without its namespace (for example <c>ExpiredIteratorException</c>).</summary>
    public string ErrorCode { get; }

    /// <summary>The HTTP status of the answer, or <see langword="null"/> when none came.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Whether sending the same request again may succeed (throttling and server errors).</summary>
    public bool IsRetryable => IsRetryableAnswer(ErrorCode, StatusCode);

    /// <summary>Whether an answer with this code and status (none: no answer came) may succeed on a second try.</summary>
    internal static bool IsRetryableAnswer(string errorCode, HttpStatusCode? status) =>
        RetryableCodes.Contains(errorCode) || status is null || (int)status >= 500 || status == (HttpStatusCode)429;
}
