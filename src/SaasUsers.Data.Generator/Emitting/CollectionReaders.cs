using SaasUsers.Data.Generator.Model;
using static SaasUsers.Data.Generator.KnownNames;

namespace SaasUsers.Data.Generator.Emitting;

/// <summary>
/// Writes one private reader a list or map property, used by <c>FromItem</c>/<c>FromMap</c>: a plain loop over the
/// SDK's list or map, each element read inline, so no delegate is called an element (what
/// <c>AttributeValueConverter.ReadList</c>/<c>ReadMap</c> take for hand-written mappers).
/// </summary>
internal static class CollectionReaders
{
    /// <summary>The reader's name for a list or map property; null for other properties.</summary>
    public static string? Name(PropertyModel property) =>
        property.Value.Kind is ValueKind.List or ValueKind.Map ? "__Read" + property.Name : null;

    public static void Write(SourceWriter writer, MappedTypeModel type)
    {
        foreach (var property in type.Properties)
        {
            if (Name(property) is not { } name)
            {
                continue;
            }

            var value = property.Value;
            var element = value.Element!;
            var attributeName = Literals.String(property.AttributeName);
            writer.Line();
            if (value.Kind == ValueKind.List)
            {
                var returns = value.Collection == CollectionKind.Array ? element.TypeName + "[]" : $"global::System.Collections.Generic.List<{element.TypeName}>";
                writer.Open($"private static {returns} {name}({AttributeValue} value)");
                writer.Line($"var source = {Converter}.ListOf(value, {attributeName});");
                writer.Line($"var result = new global::System.Collections.Generic.List<{element.TypeName}>(source.Count);");
                writer.Open("foreach (var element in source)");
                writer.Line($"result.Add({ValueCodec.Read(element, "element", attributeName)});");
                writer.Close();
                writer.Line(value.Collection == CollectionKind.Array ? "return result.ToArray();" : "return result;");
            }
            else
            {
                writer.Open($"private static global::System.Collections.Generic.Dictionary<string, {element.TypeName}> {name}({AttributeValue} value)");
                writer.Line($"var source = {Converter}.MapOf(value, {attributeName});");
                writer.Line($"var result = new global::System.Collections.Generic.Dictionary<string, {element.TypeName}>(source.Count, global::System.StringComparer.Ordinal);");
                writer.Open("foreach (var pair in source)");
                writer.Line($"result[pair.Key] = {ValueCodec.Read(element, "pair.Value", attributeName)};");
                writer.Close();
                writer.Line("return result;");
            }

            writer.Close();
        }
    }
}
