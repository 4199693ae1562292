using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace SaasUsers.Data;

/// <summary>
/// Reads the table name from an SST linked resource: SST passes a linked table to a function as the variable
/// <c>SST_RESOURCE_{Name}</c> holding a JSON object whose <c>name</c> is the table's name. Parsed with
/// <see cref="JsonDocument"/> (no reflection, so Native AOT safe).
/// </summary>
internal static class SstLinkedResource
{
    public const string VariablePrefix = "SST_RESOURCE_";

    /// <summary>Reads <c>name</c> from <c>SST_RESOURCE_{resourceName}</c>; <paramref name="error"/> says why when it cannot.</summary>
    public static bool TryReadName(string resourceName, [NotNullWhen(true)] out string? name, [NotNullWhen(false)] out string? error)
    {
        name = null;
        var variable = VariablePrefix + resourceName;
        var json = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(json))
        {
            error = $"SstResourceName is '{resourceName}' but the environment variable {variable} is not set; link the table to the function in SST, or set TableName.";
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("name", out var value)
                && value.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(value.GetString()))
            {
                name = value.GetString()!;
                error = null;
                return true;
            }
        }
        catch (JsonException)
        {
            // Reported below; the variable's value is not echoed (SST resources can hold secrets).
        }

        error = $"The environment variable {variable} (SstResourceName) is not a JSON object with a string \"name\", as SST writes for a linked table.";
        return false;
    }
}
