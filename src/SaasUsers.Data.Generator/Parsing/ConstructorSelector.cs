using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace SaasUsers.Data.Generator.Parsing;

/// <summary>
/// Picks how the mapper creates an instance: an accessible parameterless constructor plus an object initializer,
/// or else the single public constructor with the most parameters, each matched to a property by name.
/// </summary>
internal static class ConstructorSelector
{
    /// <summary>The chosen constructor and, for each parameter, the property it receives.</summary>
    internal sealed record Choice(IReadOnlyList<string> ParameterProperties, bool SetsRequiredMembers);

    public static Choice? Select(INamedTypeSymbol type, IReadOnlyList<PropertyCandidate> candidates, Compilation compilation, out string? error)
    {
        error = null;
        if (type.IsStatic)
        {
            error = "it is static";
            return null;
        }

        if (type.IsAbstract)
        {
            error = "it is abstract";
            return null;
        }

        IMethodSymbol? best = null;
        var tied = false;
        foreach (var constructor in type.InstanceConstructors)
        {
            if (constructor.Parameters.Length == 0 && compilation.IsSymbolAccessibleWithin(constructor, type))
            {
                return new Choice(Array.Empty<string>(), SetsRequiredMembers(constructor));
            }

            if (constructor.DeclaredAccessibility != Accessibility.Public || IsCopyConstructor(type, constructor))
            {
                continue;
            }

            if (best is null || constructor.Parameters.Length > best.Parameters.Length)
            {
                best = constructor;
                tied = false;
            }
            else if (constructor.Parameters.Length == best.Parameters.Length)
            {
                tied = true;
            }
        }

        if (best is null)
        {
            error = "it has neither a parameterless constructor nor a public constructor";
            return null;
        }

        if (tied)
        {
            error = $"it has no parameterless constructor and more than one public constructor with {best.Parameters.Length} parameters";
            return null;
        }

        var properties = new List<string>(best.Parameters.Length);
        foreach (var parameter in best.Parameters)
        {
            var match = FindProperty(candidates, parameter.Name);
            if (parameter.RefKind != RefKind.None)
            {
                error = $"constructor parameter '{parameter.Name}' is passed by reference";
                return null;
            }

            if (match is null)
            {
                error = $"constructor parameter '{parameter.Name}' matches no public property";
                return null;
            }

            if (match.IsIgnored)
            {
                error = $"constructor parameter '{parameter.Name}' matches property '{match.Symbol.Name}', which is ignored";
                return null;
            }

            if (!SymbolEqualityComparer.Default.Equals(parameter.Type, match.Symbol.Type))
            {
                error = $"constructor parameter '{parameter.Name}' has type '{parameter.Type.ToDisplayString()}' but property '{match.Symbol.Name}' has type '{match.Symbol.Type.ToDisplayString()}'";
                return null;
            }

            properties.Add(match.Symbol.Name);
        }

        return new Choice(properties, SetsRequiredMembers(best));
    }

    private static PropertyCandidate? FindProperty(IReadOnlyList<PropertyCandidate> candidates, string parameterName)
    {
        PropertyCandidate? caseInsensitive = null;
        foreach (var candidate in candidates)
        {
            if (string.Equals(candidate.Symbol.Name, parameterName, StringComparison.Ordinal))
            {
                return candidate;
            }

            if (caseInsensitive is null && string.Equals(candidate.Symbol.Name, parameterName, StringComparison.OrdinalIgnoreCase))
            {
                caseInsensitive = candidate;
            }
        }

        return caseInsensitive;
    }

    // A record's copy constructor (or a hand-written one) takes the type itself and is never what a mapper wants.
    private static bool IsCopyConstructor(INamedTypeSymbol type, IMethodSymbol constructor) =>
        constructor.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, type);

    private static bool SetsRequiredMembers(IMethodSymbol constructor) => constructor.HasAttribute(KnownNames.SetsRequiredMembersAttribute);
}
