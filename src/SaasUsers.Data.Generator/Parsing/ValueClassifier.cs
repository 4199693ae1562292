using Microsoft.CodeAnalysis;
using SaasUsers.Data.Generator.Model;

namespace SaasUsers.Data.Generator.Parsing;

/// <summary>Decides how a property type is stored (see the table in docs/generator.md), or that it is not supported.</summary>
internal static class ValueClassifier
{
    /// <summary>Classifies a property type; returns null when the mapper does not support it.</summary>
    public static ValueModel? Classify(ITypeSymbol type, bool isTimeToLive, EnumRegistry enums)
    {
        var typeName = type.FullName();
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            var inner = ClassifyScalar(nullable.TypeArguments[0], isTimeToLive, enums);
            return inner is null ? null : inner with { TypeName = typeName, IsNullable = true };
        }

        var isAnnotated = type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated;
        var scalar = ClassifyScalar(type, isTimeToLive, enums);
        if (scalar is not null)
        {
            return scalar with { TypeName = typeName, IsNullable = isAnnotated };
        }

        return ClassifyCollection(type, enums) is { } collection
            ? collection with { TypeName = typeName, IsNullable = isAnnotated }
            : null;
    }

    /// <summary>Scalars, enums, documents and entities: what a collection may hold.</summary>
    private static ValueModel? ClassifyScalar(ITypeSymbol type, bool isTimeToLive, EnumRegistry enums)
    {
        var name = type.FullName();
        var kind = type.SpecialType switch
        {
            SpecialType.System_String => ValueKind.String,
            SpecialType.System_Boolean => ValueKind.Boolean,
            SpecialType.System_Int32 => ValueKind.Int32,
            SpecialType.System_Int64 => ValueKind.Int64,
            SpecialType.System_Decimal => ValueKind.Decimal,
            SpecialType.System_Double => ValueKind.Double,
            _ => (ValueKind?)null,
        };

        if (kind is null && type is INamedTypeSymbol named)
        {
            if (named.IsNamed("System.Guid"))
            {
                kind = ValueKind.Guid;
            }
            else if (named.IsNamed("System.DateTimeOffset"))
            {
                kind = isTimeToLive ? ValueKind.EpochSeconds : ValueKind.DateTimeOffset;
            }
            else if (named.TypeKind == TypeKind.Enum)
            {
                return new ValueModel(ValueKind.Enum, name, false, false, CollectionKind.None, null, enums.Register(named));
            }
            else if (named.TypeKind == TypeKind.Class && !named.IsGenericType
                && (named.HasAttribute(KnownNames.DocumentAttribute) || named.ImplementsSelfInterface(KnownNames.DocumentInterface)))
            {
                kind = ValueKind.Document;
            }
            else if (named.TypeKind == TypeKind.Class && !named.IsGenericType
                && (named.HasAttribute(KnownNames.EntityAttribute) || named.ImplementsSelfInterface(KnownNames.EntityInterface)))
            {
                kind = ValueKind.Entity;
            }
        }

        return kind is { } found
            ? new ValueModel(found, name, false, type.IsReferenceType, CollectionKind.None, null, null)
            : null;
    }

    private static ValueModel? ClassifyCollection(ITypeSymbol type, EnumRegistry enums)
    {
        var name = type.FullName();
        if (type is IArrayTypeSymbol { Rank: 1 } array)
        {
            return Element(array.ElementType, enums) is { } element
                ? new ValueModel(ValueKind.List, name, false, true, CollectionKind.Array, element, null)
                : null;
        }

        if (type is not INamedTypeSymbol { IsGenericType: true } named)
        {
            return null;
        }

        var definition = named.OriginalDefinition;
        if (named.TypeArguments.Length == 1)
        {
            var argument = named.TypeArguments[0];
            if (IsAnyOf(definition, "System.Collections.Generic.List`1", "System.Collections.Generic.IList`1",
                    "System.Collections.Generic.IReadOnlyList`1", "System.Collections.Generic.ICollection`1",
                    "System.Collections.Generic.IReadOnlyCollection`1", "System.Collections.Generic.IEnumerable`1"))
            {
                return Element(argument, enums) is { } element
                    ? new ValueModel(ValueKind.List, name, false, true, CollectionKind.List, element, null)
                    : null;
            }

            // Sets hold non-null strings: the set read back is a HashSet<string>.
            if (IsAnyOf(definition, "System.Collections.Generic.HashSet`1", "System.Collections.Generic.ISet`1",
                    "System.Collections.Generic.IReadOnlySet`1")
                && argument.SpecialType == SpecialType.System_String
                && argument.NullableAnnotation != NullableAnnotation.Annotated)
            {
                return new ValueModel(ValueKind.StringSet, name, false, true, CollectionKind.Set, null, null);
            }

            return null;
        }

        if (named.TypeArguments.Length == 2
            && IsAnyOf(definition, "System.Collections.Generic.Dictionary`2", "System.Collections.Generic.IDictionary`2",
                "System.Collections.Generic.IReadOnlyDictionary`2")
            && named.TypeArguments[0].SpecialType == SpecialType.System_String
            && Element(named.TypeArguments[1], enums) is { } value)
        {
            return new ValueModel(ValueKind.Map, name, false, true, CollectionKind.Dictionary, value, null);
        }

        return null;
    }

    /// <summary>A list element or map value: a scalar, enum, document or entity; not nullable value types (DynamoDB lists hold no nulls).</summary>
    private static ValueModel? Element(ITypeSymbol type, EnumRegistry enums)
    {
        var element = ClassifyScalar(type, isTimeToLive: false, enums);
        return element is null ? null : element with { TypeName = type.FullName() };
    }

    private static bool IsAnyOf(INamedTypeSymbol definition, params string[] metadataNames)
    {
        foreach (var metadataName in metadataNames)
        {
            if (definition.IsNamed(metadataName))
            {
                return true;
            }
        }

        return false;
    }
}
