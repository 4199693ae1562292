using System.Net;
using System.Text.Json;

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
    public bool IsRetryable => RetryableCodes.Contains(ErrorCode) || StatusCode is null || (int)StatusCode >= 500 || StatusCode == (HttpStatusCode)429;

    internal static AwsServiceException FromResponse(string operation, HttpStatusCode status, byte[] body)
    {
        string code = "HttpStatus" + ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        string message = status.ToString();
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("__type", out var type) && type.GetString() is { Length: > 0 } typeName)
                {
                    // "com.amazonaws.dynamodb.v20120810#ExpiredIteratorException"
                    code = typeName[(typeName.LastIndexOf('#') + 1)..];
                }

                if ((root.TryGetProperty("message", out var text) || root.TryGetProperty("Message", out text)) && text.ValueKind == JsonValueKind.String)
                {
                    message = text.GetString() ?? message;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): keep the status.
        }

        return new AwsServiceException(operation, code, message, status);
    }
}
