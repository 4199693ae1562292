using System.Text.Json;

namespace SaasUsers.Data.Testing;

/// <summary>Reads the DynamoDB API name of an HTTP request (from its <c>X-Amz-Target</c> header), and what in its body decides the permissions it needs.</summary>
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

    /// <summary>
    /// The kinds of action a <c>TransactWriteItems</c> carries (<c>Put</c>, <c>Update</c>, <c>Delete</c>,
    /// <c>ConditionCheck</c>; distinct, in order of first use), and <c>Tags</c> for a <c>CreateTable</c> that tags the
    /// table; empty for every other request.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PartsOfAsync(string operation, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (operation is not ("TransactWriteItems" or "CreateTable") || request.Content is null)
        {
            return [];
        }

        using var body = JsonDocument.Parse(await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        if (operation == "CreateTable")
        {
            return body.RootElement.TryGetProperty("Tags", out var tags) && tags.ValueKind == JsonValueKind.Array && tags.GetArrayLength() > 0 ? ["Tags"] : [];
        }

        return body.RootElement.TryGetProperty("TransactItems", out var items)
            ? items.EnumerateArray().SelectMany(item => item.EnumerateObject().Select(p => p.Name)).Distinct(StringComparer.Ordinal).ToArray()
            : [];
    }
}
