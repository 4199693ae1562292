using System;
using SaasUsers.Data.Generator.Model;
using static SaasUsers.Data.Generator.KnownNames;

namespace SaasUsers.Data.Generator.Emitting;

/// <summary>
/// Writes one private writer a list or map property declared as <c>List&lt;T&gt;</c>, <c>T[]</c> or
/// <c>Dictionary&lt;string, T&gt;</c>, used by <c>ToItem</c>/<c>ToMap</c>: a plain loop over the collection
/// (its struct enumerator), each element converted inline, so no delegate is called an element. It stores what
/// <c>AttributeValueConverter.FromList</c>/<c>FromMap</c> store and throws what they throw; properties declared as
/// an interface keep calling those.
/// </summary>
internal static class CollectionWriters
{
    private const string GenericCollections = "global::System.Collections.Generic.";

    /// <summary>The writer's name for a list or map property of a concrete collection type; null for other properties.</summary>
    public static string? Name(PropertyModel property)
    {
        var value = property.Value;
        var concrete = value.Kind switch
        {
            ValueKind.List => value.Collection == CollectionKind.Array || value.TypeName.StartsWith(GenericCollections + "List<", StringComparison.Ordinal),
            ValueKind.Map => value.TypeName.StartsWith(GenericCollections + "Dictionary<", StringComparison.Ordinal),
            _ => false,
        };
        return concrete ? "__Write" + property.Name : null;
    }

    public static void Write(SourceWriter writer, MappedTypeModel type)
    {
        foreach (var property in type.Properties)
        {
            if (Name(property) is not { } name)
            {
                continue;
            }

            var value = property.Value;
            var attributeName = Literals.String(property.AttributeName);
            var declared = ValueCodec.NonNullable(value);
            writer.Line();
            writer.Open($"private static {AttributeValue} {name}({declared} value)");
            if (value.Kind == ValueKind.List)
            {
                var count = value.Collection == CollectionKind.Array ? "Length" : "Count";
                writer.Line($"var list = new global::System.Collections.Generic.List<{AttributeValue}>(value.{count});");
                writer.Open("foreach (var element in value)");
                writer.Line($"list.Add({Element(value.Element!, "element", attributeName)});");
                writer.Close();
                writer.Line($"return new {AttributeValue} {{ L = list }};");
            }
            else
            {
                writer.Line($"var map = new {Item}(value.Count, global::System.StringComparer.Ordinal);");
                writer.Open("foreach (var pair in value)");
                writer.Line($"map[pair.Key] = {Element(value.Element!, "pair.Value", attributeName)};");
                writer.Close();
                writer.Line($"return new {AttributeValue} {{ M = map }};");
            }

            writer.Close();
        }
    }

    /// <summary>An element or map value: a null one is refused, naming the attribute, as the converter refuses it.</summary>
    private static string Element(ValueModel element, string valueExpression, string attributeName) =>
        element.MayBeNull
            ? $"{valueExpression} is {{ }} __element ? {ValueCodec.Write(element, "__element", attributeName)} : throw {Converter}.NullElement({attributeName})"
            : ValueCodec.Write(element, valueExpression, attributeName);
}
