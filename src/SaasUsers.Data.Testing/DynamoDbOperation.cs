namespace SaasUsers.Data.Testing;

/// <summary>Reads the DynamoDB API name of an HTTP request (from its <c>X-Amz-Target</c> header).</summary>
internal static class DynamoDbOperation
{
    private const string TargetHeader = "X-Amz-Target";

    /// <summary>The API name, for example <c>PutItem</c>, or <c>(unknown)</c>.</summary>
    public static string Of(HttpRequestMessage request)
    {
        if (request.Headers.TryGetValues(TargetHeader, out var values) && values.FirstOrDefault() is { } target)
        {
            var dot = target.LastIndexOf('.');
            return dot >= 0 ? target[(dot + 1)..] : target;
        }

        return "(unknown)";
    }
}
