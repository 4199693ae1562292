using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using SaasUsers.Data.Generator.Model;

namespace SaasUsers.Data.Generator.Parsing;

/// <summary>Finds the properties a mapped type could store, and the members that are set but not stored.</summary>
internal static class PropertyCollector
{
    /// <summary>
    /// Public instance properties with an accessible getter, base types first, each name once (an override or a
    /// <c>new</c> property in a derived type wins).
    /// </summary>
    public static List<PropertyCandidate> Collect(INamedTypeSymbol type, Compilation compilation)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var levels = new List<List<PropertyCandidate>>();
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            var level = new List<PropertyCandidate>();
            foreach (var member in current.GetMembers())
            {
                if (member is not IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public, ReturnsByRef: false, ReturnsByRefReadonly: false } property
                    || property.GetMethod is null
                    || !compilation.IsSymbolAccessibleWithin(property.GetMethod, type)
                    || !seen.Add(property.Name))
                {
                    continue;
                }

                var canSet = property.SetMethod is { } setter && compilation.IsSymbolAccessibleWithin(setter, type);
                level.Add(new PropertyCandidate(property, property.HasAttribute(KnownNames.IgnoreAttribute), canSet));
            }

            levels.Add(level);
        }

        var result = new List<PropertyCandidate>();
        for (var i = levels.Count - 1; i >= 0; i--)
        {
            result.AddRange(levels[i]);
        }

        return result;
    }

    /// <summary>
    /// Members that are set on construction but not stored: ignored settable properties (kept by a copy) and
    /// <c>required</c> fields (which every object initializer must set).
    /// </summary>
    public static List<CopyOnlyMemberModel> CopyOnlyMembers(INamedTypeSymbol type, IEnumerable<PropertyCandidate> candidates)
    {
        var result = new List<CopyOnlyMemberModel>();
        foreach (var candidate in candidates)
        {
            if (candidate.IsIgnored && candidate.CanSet)
            {
                result.Add(new CopyOnlyMemberModel(SymbolNames.Identifier(candidate.Symbol.Name), candidate.Symbol.IsRequired));
            }
        }

        var seenFields = new HashSet<string>(StringComparer.Ordinal);
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is IFieldSymbol { IsRequired: true, IsStatic: false } field && seenFields.Add(field.Name))
                {
                    result.Add(new CopyOnlyMemberModel(SymbolNames.Identifier(field.Name), IsRequired: true));
                }
            }
        }

        return result;
    }
}
