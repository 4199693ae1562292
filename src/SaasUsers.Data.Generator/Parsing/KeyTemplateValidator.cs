using System.Collections.Generic;
using System.Text;
using SaasUsers.Data.Generator.Diagnostics;
using SaasUsers.Data.Generator.Model;

namespace SaasUsers.Data.Generator.Parsing;

/// <summary>Checks a key template against the mapped properties and turns it into a <see cref="KeyTemplateModel"/>.</summary>
internal sealed class KeyTemplateValidator
{
    private readonly string _typeName;
    private readonly IReadOnlyDictionary<string, PropertyModel> _mapped;
    private readonly IReadOnlyDictionary<string, string> _notMappedReasons;
    private readonly ICollection<string> _unsupported;
    private readonly List<DiagnosticInfo> _diagnostics;

    /// <param name="typeName">The type, named in messages.</param>
    /// <param name="mapped">The mapped properties by name.</param>
    /// <param name="notMappedReasons">Why a public property is not mapped ("is ignored", ...), by name.</param>
    /// <param name="unsupported">Properties already reported as unsupported (SUD006), not reported again.</param>
    /// <param name="diagnostics">Where diagnostics go.</param>
    public KeyTemplateValidator(
        string typeName,
        IReadOnlyDictionary<string, PropertyModel> mapped,
        IReadOnlyDictionary<string, string> notMappedReasons,
        ICollection<string> unsupported,
        List<DiagnosticInfo> diagnostics)
    {
        _typeName = typeName;
        _mapped = mapped;
        _notMappedReasons = notMappedReasons;
        _unsupported = unsupported;
        _diagnostics = diagnostics;
    }

    /// <summary>Validates one template; returns null (after reporting) when it is unusable.</summary>
    /// <param name="template">The template text.</param>
    /// <param name="role">What the template is, for messages: "partition key", "index 2 sort key", ...</param>
    /// <param name="isPartitionKey">Whether it is a partition key (an empty one is SUD004, not SUD009).</param>
    /// <param name="allowNullable">Whether nullable properties may appear (index keys: the index is then sparse).</param>
    /// <param name="location">Where to report.</param>
    public KeyTemplateModel? Validate(string? template, string role, bool isPartitionKey, bool allowNullable, LocationInfo? location)
    {
        if (string.IsNullOrEmpty(template))
        {
            _diagnostics.Add(isPartitionKey
                ? DiagnosticInfo.Create(DiagnosticDescriptors.PartitionKeyEmpty, location, role, _typeName)
                : DiagnosticInfo.Create(DiagnosticDescriptors.MalformedKeyTemplate, location, template ?? string.Empty, _typeName, $"the {role} template is empty"));
            return null;
        }

        var segments = KeyTemplateParser.Parse(template!, out var error);
        if (segments is null)
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MalformedKeyTemplate, location, template!, _typeName, error!));
            return null;
        }

        var valid = true;
        var pattern = new StringBuilder();
        foreach (var segment in segments)
        {
            if (segment.Literal is { } literal)
            {
                pattern.Append(literal);
                continue;
            }

            var name = segment.PropertyName!;
            if (_unsupported.Contains(name))
            {
                valid = false;
                continue;
            }

            if (!_mapped.TryGetValue(name, out var property))
            {
                var reason = _notMappedReasons.TryGetValue(name, out var known) ? known : "does not exist";
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.KeyPropertyNotMapped, location, template!, _typeName, name, reason));
                valid = false;
                continue;
            }

            if (KeyTypeProblem(property.Value, allowNullable) is { } problem)
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.KeyPropertyTypeNotAllowed, location, name, _typeName, template!, problem));
                valid = false;
                continue;
            }

            pattern.Append('{').Append(property.AttributeName).Append('}');
        }

        return valid ? new KeyTemplateModel(pattern.ToString(), segments.ToEquatableArray()) : null;
    }

    private static string? KeyTypeProblem(ValueModel value, bool allowNullable)
    {
        if (value.Kind == ValueKind.EpochSeconds)
        {
            return "a time-to-live value is stored as epoch seconds, not in the form keys use";
        }

        if (!value.IsKeyComponentKind)
        {
            return $"its type '{Readable(value.TypeName)}' cannot be a key component (use string, Guid, DateTimeOffset, int, long or an enum)";
        }

        if (value.IsNullable && !allowNullable)
        {
            return $"its type '{Readable(value.TypeName)}' is nullable; only index keys may use nullable properties (the index is then sparse)";
        }

        return null;
    }

    private static string Readable(string typeName) => typeName.Replace("global::", string.Empty);
}
