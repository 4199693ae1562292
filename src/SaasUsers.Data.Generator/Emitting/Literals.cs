using Microsoft.CodeAnalysis.CSharp;

namespace SaasUsers.Data.Generator.Emitting;

/// <summary>C# literals and names for generated code.</summary>
internal static class Literals
{
    /// <summary>A C# string literal, escaped.</summary>
    public static string String(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary>The name of the local holding a property value read or checked in generated code.</summary>
    public static string Local(string prefix, string propertyName) => "__" + prefix + propertyName;

    /// <summary>A camelCase parameter name for a property, escaped when it is a keyword.</summary>
    public static string Parameter(string propertyName)
    {
        var name = propertyName.Length > 0 && char.IsUpper(propertyName[0])
            ? char.ToLowerInvariant(propertyName[0]) + propertyName.Substring(1)
            : propertyName;
        return Parsing.SymbolNames.Identifier(name);
    }
}
