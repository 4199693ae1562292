using System;
using System.Globalization;
using System.Linq;
using System.Text;
using SaasUsers.Data.Generator.Model;

namespace SaasUsers.Data.Generator.Emitting;

/// <summary>
/// Writes the body of a generated <c>FromJson(ref Utf8JsonReader reader)</c>: one local a property, one pass over
/// the item's attributes in whatever order DynamoDB sends them (names switched on their UTF-8 length, then compared
/// as UTF-8, nothing allocated for a name; enum names matched as UTF-8 too), lists and maps read in a loop without
/// a delegate an element, then the same construction as <c>FromItem</c> with the same defaults for absent
/// attributes.
/// </summary>
internal static class JsonReadEmitter
{
    private const string Reader = "global::SaasUsers.Data.Mapping.ItemJsonReader";

    /// <summary>The parameter list of every generated <c>FromJson</c>.</summary>
    public const string Parameters = "ref " + KnownNames.JsonReader + " reader";

    /// <param name="writer">Where to write.</param>
    /// <param name="type">The entity or document.</param>
    /// <param name="typeName">The name a missing required attribute's exception gives the item (as <c>FromItem</c>).</param>
    public static void WriteBody(SourceWriter writer, MappedTypeModel type, string typeName)
    {
        foreach (var property in type.Properties)
        {
            writer.Line($"{LocalType(property.Value)} {Local(property)} = default{(property.Value.IsReferenceType || property.Value.Kind == ValueKind.StringSet ? "!" : string.Empty)};");
            writer.Line($"bool {Has(property)} = false;");
        }

        writer.Open($"while ({Reader}.NextAttribute(ref reader))");
        if (type.Properties.Count > 0)
        {
            // Names dispatched by their UTF-8 length, then compared: one or two comparisons an attribute instead
            // of one a mapped property (the keys and the entity type, which no property maps, passed every one).
            writer.Line($"var __name = {Reader}.AttributeName(ref reader);");
            writer.Open("switch (__name.Length)");
            foreach (var group in type.Properties.GroupBy(property => Encoding.UTF8.GetByteCount(property.AttributeName)).OrderBy(group => group.Key))
            {
                writer.Line($"case {group.Key.ToString(CultureInfo.InvariantCulture)}:");
                writer.Indent();
                foreach (var property in group)
                {
                    writer.Open($"if (global::System.MemoryExtensions.SequenceEqual(__name, {Literals.String(property.AttributeName)}u8))");
                    WriteRead(writer, property);
                    writer.Line("continue;");
                    writer.Close();
                }

                writer.Line("break;");
                writer.Unindent();
            }

            writer.Close();
        }

        writer.Line($"{Reader}.SkipValue(ref reader);");
        writer.Close();
        ConstructionEmitter.Write(
            writer,
            type,
            "return ",
            argument: property => Value(property, typeName),
            initializer: property => Value(property, typeName),
            copyOnly: member => member.IsRequired ? "default!" : null);
    }

    private static void WriteRead(SourceWriter writer, PropertyModel property)
    {
        var value = property.Value;
        var attributeName = Literals.String(property.AttributeName);
        var local = Local(property);
        var has = Has(property);
        switch (value.Kind)
        {
            case ValueKind.List:
                writer.Line($"{has} = {Reader}.TryBeginList(ref reader, {attributeName});");
                writer.Open($"if ({has})");
                writer.Line($"var __list = new global::System.Collections.Generic.List<{value.Element!.TypeName}>();");
                writer.Open($"while ({Reader}.NextElement(ref reader))");
                WriteElement(writer, value.Element, attributeName);
                writer.Line("__list.Add(__element);");
                writer.Close();
                writer.Line($"{local} = __list{(value.Collection == CollectionKind.Array ? ".ToArray()" : string.Empty)};");
                writer.Close();
                break;
            case ValueKind.Map:
                writer.Line($"{has} = {Reader}.TryBeginMap(ref reader, {attributeName});");
                writer.Open($"if ({has})");
                writer.Line($"var __map = new global::System.Collections.Generic.Dictionary<string, {value.Element!.TypeName}>(global::System.StringComparer.Ordinal);");
                writer.Open($"while ({Reader}.NextEntry(ref reader, out var __key))");
                WriteElement(writer, value.Element, attributeName);
                writer.Line("__map[__key] = __element;");
                writer.Close();
                writer.Line($"{local} = __map;");
                writer.Close();
                break;
            case ValueKind.Enum:
                writer.Line($"{has} = {Reader}.TryReadUtf8String(ref reader, {attributeName}, out var __text);");
                writer.Open($"if ({has})");
                writer.Line($"{local} = {ValueCodec.EnumConverters}.Parse{value.EnumHelper}Utf8(__text, {attributeName});");
                writer.Close();
                break;
            default:
                writer.Line($"{has} = {TryRead(value, attributeName, "out " + local)};");
                break;
        }
    }

    // Reads one list element or map value into local __element; a NULL element is an error, as in FromItem.
    private static void WriteElement(SourceWriter writer, ValueModel element, string attributeName)
    {
        if (element.Kind == ValueKind.Enum)
        {
            writer.Line($"if (!{Reader}.TryReadUtf8String(ref reader, {attributeName}, out var __elementText)) throw {Reader}.NullElement({attributeName}, \"S\");");
            writer.Line($"var __element = {ValueCodec.EnumConverters}.Parse{element.EnumHelper}Utf8(__elementText, {attributeName});");
            return;
        }

        writer.Line($"if (!{TryRead(element, attributeName, "out var __element")}) throw {Reader}.NullElement({attributeName}, \"{StoredType(element)}\");");
    }

    private static string TryRead(ValueModel value, string attributeName, string output) => value.Kind switch
    {
        ValueKind.String => $"{Reader}.TryReadString(ref reader, {attributeName}, {output})",
        ValueKind.Boolean => $"{Reader}.TryReadBoolean(ref reader, {attributeName}, {output})",
        ValueKind.Int32 => $"{Reader}.TryReadInt32(ref reader, {attributeName}, {output})",
        ValueKind.Int64 => $"{Reader}.TryReadInt64(ref reader, {attributeName}, {output})",
        ValueKind.Decimal => $"{Reader}.TryReadDecimal(ref reader, {attributeName}, {output})",
        ValueKind.Double => $"{Reader}.TryReadDouble(ref reader, {attributeName}, {output})",
        ValueKind.Guid => $"{Reader}.TryReadGuid(ref reader, {attributeName}, {output})",
        ValueKind.DateTimeOffset => $"{Reader}.TryReadDateTimeOffset(ref reader, {attributeName}, {output})",
        ValueKind.EpochSeconds => $"{Reader}.TryReadEpochSeconds(ref reader, {attributeName}, {output})",
        ValueKind.StringSet => $"{Reader}.TryReadStringSet(ref reader, {attributeName}, {output})",
        ValueKind.Document => $"{Reader}.TryReadDocument<{NonNullable(value.TypeName)}>(ref reader, {attributeName}, {output})",
        ValueKind.Entity => $"{Reader}.TryReadEntity<{NonNullable(value.TypeName)}>(ref reader, {attributeName}, {output})",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value.Kind, "Not read by one call."),
    };

    private static string StoredType(ValueModel value) => value.Kind switch
    {
        ValueKind.Boolean => "BOOL",
        ValueKind.Int32 or ValueKind.Int64 or ValueKind.Decimal or ValueKind.Double or ValueKind.EpochSeconds => "N",
        ValueKind.Document or ValueKind.Entity => "M",
        _ => "S",
    };

    private static string Value(PropertyModel property, string typeName)
    {
        var absent = ValueCodec.WhenAbsent(property.Value)
            ?? $"throw {Reader}.MissingRequired({Literals.String(property.AttributeName)}, {Literals.String(typeName)})";
        return $"{Has(property)} ? {Local(property)} : {absent}";
    }

    private static string LocalType(ValueModel value) =>
        value.Kind == ValueKind.StringSet ? "global::System.Collections.Generic.HashSet<string>" : NonNullable(value.TypeName);

    private static string Local(PropertyModel property) => Literals.Local("json", property.Name);

    private static string Has(PropertyModel property) => Literals.Local("has", property.Name);

    private static string NonNullable(string typeName) =>
        typeName.EndsWith("?", StringComparison.Ordinal) ? typeName.Substring(0, typeName.Length - 1) : typeName;
}
