using System.Net;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace SaasUsers.Data.Http;

/// <summary>
/// Turns a DynamoDB error answer into the SDK's exception for it (<see cref="ResourceNotFoundException"/>,
/// <see cref="ProvisionedThroughputExceededException"/>, ...), so code that catches the SDK's exceptions catches the
/// same ones whichever path sent the request. Codes without a type of their own become an
/// <see cref="AmazonDynamoDBException"/> carrying the code, as the SDK does.
/// </summary>
internal static class SdkErrors
{
    public static AmazonDynamoDBException FromResponse(HttpStatusCode status, ReadOnlySpan<byte> body, string? requestId)
    {
        var (code, message) = CodeAndMessage(status, body);
        // The SDK's JSON error unmarshaller leaves the error type unknown for DynamoDB's answers; so do we.
        const ErrorType type = ErrorType.Unknown;
        return code switch
        {
            "ResourceNotFoundException" => new ResourceNotFoundException(message, null, type, code, requestId, status),
            "ProvisionedThroughputExceededException" => new ProvisionedThroughputExceededException(message, null, type, code, requestId, status),
            "RequestLimitExceeded" => new RequestLimitExceededException(message, null, type, code, requestId, status),
            "InternalServerError" => new InternalServerErrorException(message, null, type, code, requestId, status),
            "ConditionalCheckFailedException" => new ConditionalCheckFailedException(message, null, type, code, requestId, status),
            "TransactionConflictException" => new TransactionConflictException(message, null, type, code, requestId, status),
            "LimitExceededException" => new LimitExceededException(message, null, type, code, requestId, status),
            "ResourceInUseException" => new ResourceInUseException(message, null, type, code, requestId, status),
            _ => new AmazonDynamoDBException(message, null, type, code, requestId, status),
        };
    }

    /// <summary>Whether the SDK's standard retry mode sends the request again after this answer (throttling, server errors).</summary>
    public static bool IsRetryable(AmazonServiceException exception) =>
        AwsServiceException.IsRetryableAnswer(exception.ErrorCode, exception.StatusCode);

    /// <summary>The error code (without its namespace) and message of an AWS JSON error body; the status when the body says nothing.</summary>
    internal static (string Code, string Message) CodeAndMessage(HttpStatusCode status, ReadOnlySpan<byte> body)
    {
        var code = "HttpStatus" + ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var message = status.ToString();
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (code, message);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("__type"u8);
                var isMessage = reader.ValueTextEquals("message"u8) || reader.ValueTextEquals("Message"u8);
                reader.Read();
                if (isType && reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } typeName)
                {
                    // "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"
                    code = typeName[(typeName.LastIndexOf('#') + 1)..];
                }
                else if (isMessage && reader.TokenType == JsonTokenType.String)
                {
                    message = reader.GetString() ?? message;
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): keep the status.
        }

        return (code, message);
    }
}
