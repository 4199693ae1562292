using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using SaasUsers.Data.Generator.Diagnostics;
using SaasUsers.Data.Generator.Model;

namespace SaasUsers.Data.Generator.Parsing;

/// <summary>
/// Decides which candidate properties are mapped, classifies their types and checks their attributes
/// (attribute names, version, time to live), reporting what is wrong.
/// </summary>
internal sealed class PropertyReader
{
    private readonly string _typeName;
    private readonly bool _isEntity;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly Dictionary<string, string> _propertyByAttributeName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PropertyModel> _mappedByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _notMappedReasons = new(StringComparer.Ordinal);

    public PropertyReader(string typeName, bool isEntity, List<DiagnosticInfo> diagnostics)
    {
        _typeName = typeName;
        _isEntity = isEntity;
        _diagnostics = diagnostics;
    }

    public List<PropertyModel> Mapped { get; } = new();

    public IReadOnlyDictionary<string, PropertyModel> MappedByName => _mappedByName;

    /// <summary>Why a public property is not mapped, by property name (for SUD002).</summary>
    public IReadOnlyDictionary<string, string> NotMappedReasons => _notMappedReasons;

    /// <summary>Properties reported as unsupported (SUD006).</summary>
    public HashSet<string> Unsupported { get; } = new(StringComparer.Ordinal);

    public EnumRegistry Enums { get; } = new();

    public PropertyModel? VersionProperty { get; private set; }

    public PropertyModel? TimeToLiveProperty { get; private set; }

    public void Read(IReadOnlyList<PropertyCandidate> candidates, ConstructorSelector.Choice? construction)
    {
        var parameterIndexes = new Dictionary<string, int>(StringComparer.Ordinal);
        if (construction is not null)
        {
            for (var i = 0; i < construction.ParameterProperties.Count; i++)
            {
                parameterIndexes[construction.ParameterProperties[i]] = i;
            }
        }

        foreach (var candidate in candidates)
        {
            var property = candidate.Symbol;
            if (candidate.IsIgnored)
            {
                _notMappedReasons[property.Name] = "is ignored ([DynamoIgnore])";
                continue;
            }

            var parameterIndex = parameterIndexes.TryGetValue(property.Name, out var index) ? index : -1;
            if (parameterIndex < 0 && !candidate.CanSet)
            {
                _notMappedReasons[property.Name] = "is not stored (it has no setter and no matching constructor parameter)";
                continue;
            }

            var location = LocationInfo.From(SymbolNames.FirstLocation(property));
            var isTimeToLive = property.HasAttribute(KnownNames.TimeToLiveAttribute);
            var timeToLiveProblem = isTimeToLive ? TimeToLiveProblem(property.Type) : null;
            var value = ValueClassifier.Classify(property.Type, isTimeToLive && timeToLiveProblem is null, Enums);
            if (value is null)
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedPropertyType, location,
                    property.Name, _typeName, property.Type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
                Unsupported.Add(property.Name);
                continue;
            }

            var attributeName = property.GetAttribute(KnownNames.AttributeNameAttribute) is { ConstructorArguments.Length: 1 } renamed
                ? renamed.ConstructorArguments[0].Value as string ?? string.Empty
                : property.Name;
            CheckAttributeName(property.Name, attributeName, location);

            var inInitializer = candidate.CanSet
                && (parameterIndex < 0 || (property.IsRequired && construction is { SetsRequiredMembers: false }));
            var model = new PropertyModel(property.Name, SymbolNames.Identifier(property.Name), attributeName, value, parameterIndex, inInitializer, candidate.CanSet);
            Mapped.Add(model);
            _mappedByName[property.Name] = model;

            if (isTimeToLive)
            {
                CheckTimeToLive(model, timeToLiveProblem, location);
            }

            if (_isEntity && property.HasAttribute(KnownNames.VersionAttribute))
            {
                CheckVersion(model, property.Type, location);
            }
        }
    }

    /// <summary>The parameter types of <c>CreateKey</c> (or <c>CreatePartitionKey</c> when <paramref name="sortKey"/> is null).</summary>
    public List<string> KeyParameterTypes(KeyTemplateModel partitionKey, KeyTemplateModel? sortKey)
    {
        var types = new List<string>();
        foreach (var name in KeyParameters.Of(partitionKey, sortKey))
        {
            types.Add(_mappedByName[name].Value.TypeName);
        }

        return types;
    }

    private void CheckAttributeName(string propertyName, string attributeName, LocationInfo? location)
    {
        string? problem = null;
        if (string.IsNullOrWhiteSpace(attributeName))
        {
            problem = "an attribute name must not be empty";
        }
        else if (attributeName.IndexOf('{') >= 0 || attributeName.IndexOf('}') >= 0)
        {
            problem = "an attribute name must not contain braces (key templates use them)";
        }
        else if (_isEntity && SaasUsers.Data.Shared.ReservedAttributeNames.IsReserved(attributeName))
        {
            problem = "the name is reserved for keys and the entity type (PK, SK, _type, GSI{n}PK, GSI{n}SK)";
        }
        else if (_propertyByAttributeName.TryGetValue(attributeName, out var other))
        {
            problem = $"property '{other}' is already stored under that name";
        }
        else
        {
            _propertyByAttributeName.Add(attributeName, propertyName);
        }

        if (problem is not null)
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidAttributeName, location, propertyName, _typeName, attributeName, problem));
        }
    }

    private void CheckTimeToLive(PropertyModel property, string? typeProblem, LocationInfo? location)
    {
        var problem = typeProblem
            ?? (TimeToLiveProperty is { } first ? $"'{first.Name}' already is; an item has one time to live" : null);
        if (problem is not null)
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidTimeToLiveProperty, location, property.Name, _typeName, problem));
            return;
        }

        TimeToLiveProperty = property;
    }

    private void CheckVersion(PropertyModel property, ITypeSymbol type, LocationInfo? location)
    {
        string? problem = null;
        if (type.SpecialType is not (SpecialType.System_Int32 or SpecialType.System_Int64))
        {
            problem = $"its type is '{type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)}'; it must be int or long";
        }
        else if (VersionProperty is { } first)
        {
            problem = $"'{first.Name}' already is; an entity has one version";
        }

        if (problem is not null)
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidVersionProperty, location, property.Name, _typeName, problem));
            return;
        }

        VersionProperty = property;
    }

    private static string? TimeToLiveProblem(ITypeSymbol type)
    {
        var core = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? nullable.TypeArguments[0]
            : type;
        return core is INamedTypeSymbol named && named.IsNamed("System.DateTimeOffset")
            ? null
            : $"its type is '{type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)}'; it must be DateTimeOffset or DateTimeOffset?";
    }
}
