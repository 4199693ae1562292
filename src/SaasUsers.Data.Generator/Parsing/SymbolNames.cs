using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SaasUsers.Data.Generator.Parsing;

/// <summary>How symbols are named in generated code.</summary>
internal static class SymbolNames
{
    /// <summary><c>global::</c> qualified names with nullable annotations (<c>string?</c>, <c>int?</c>).</summary>
    public static readonly SymbolDisplayFormat FullyQualifiedWithNullability = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>The <c>global::</c> qualified name with nullable annotations.</summary>
    public static string FullName(this ITypeSymbol type) => type.ToDisplayString(FullyQualifiedWithNullability);

    /// <summary>The <c>global::</c> qualified name without the reference nullable annotation.</summary>
    public static string FullNameWithoutAnnotation(this ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    /// <summary>Escapes a name that is a C# keyword (<c>@class</c>).</summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>Whether the symbol carries the attribute with the given metadata name.</summary>
    public static bool HasAttribute(this ISymbol symbol, string attributeMetadataName) => symbol.GetAttribute(attributeMetadataName) is not null;

    /// <summary>The first attribute of the given metadata name, or null.</summary>
    public static AttributeData? GetAttribute(this ISymbol symbol, string attributeMetadataName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeClass && IsNamed(attributeClass, attributeMetadataName))
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>Whether a type has the given metadata name (<c>Namespace.Name</c> or <c>Namespace.Name`1</c>).</summary>
    public static bool IsNamed(this INamedTypeSymbol type, string metadataName)
    {
        var fullName = type.ContainingNamespace is { IsGlobalNamespace: false } ns
            ? ns.ToDisplayString() + "." + type.MetadataName
            : type.MetadataName;
        return fullName == metadataName;
    }

    /// <summary>Whether the type implements <c>IDynamoEntity&lt;type&gt;</c> or <c>IDynamoDocument&lt;type&gt;</c> (given by metadata name).</summary>
    public static bool ImplementsSelfInterface(this ITypeSymbol type, string interfaceMetadataName)
    {
        foreach (var implemented in type.AllInterfaces)
        {
            if (implemented.IsNamed(interfaceMetadataName)
                && implemented.TypeArguments.Length == 1
                && SymbolEqualityComparer.Default.Equals(implemented.TypeArguments[0], type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The location of an attribute application, falling back to the symbol's own location.</summary>
    public static Location? LocationOf(AttributeData attribute, ISymbol fallback) =>
        attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? FirstLocation(fallback);

    /// <summary>The first source location of a symbol.</summary>
    public static Location? FirstLocation(ISymbol symbol) => symbol.Locations.Length > 0 ? symbol.Locations[0] : null;
}
