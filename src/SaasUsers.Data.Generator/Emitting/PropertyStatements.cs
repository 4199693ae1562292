using SaasUsers.Data.Generator.Model;
using static SaasUsers.Data.Generator.KnownNames;

namespace SaasUsers.Data.Generator.Emitting;

/// <summary>The statements and expressions that store and read one property.</summary>
internal static class PropertyStatements
{
    /// <summary>
    /// Stores the property in <paramref name="target"/>; a null value is not written (the attribute is absent). A list
    /// or map of a concrete collection type is written by its generated writer (<see cref="CollectionWriters"/>).
    /// </summary>
    public static void WriteStore(SourceWriter writer, PropertyModel property, string source, string target)
    {
        var attributeName = Literals.String(property.AttributeName);
        var value = $"{source}.{property.Identifier}";
        string Write(string present) =>
            CollectionWriters.Name(property) is { } collectionWriter ? $"{collectionWriter}({present})" : ValueCodec.Write(property.Value, present, attributeName);

        if (property.Value.MayBeNull)
        {
            var local = Literals.Local(string.Empty, property.Name);
            writer.Open($"if ({value} is {{ }} {local})");
            writer.Line($"{target}[{attributeName}] = {Write(local)};");
            writer.Close();
        }
        else
        {
            writer.Line($"{target}[{attributeName}] = {Write(value)};");
        }
    }

    /// <summary>
    /// Reads the property from the local <see cref="AttributeCollector"/> filled. An absent (or <c>NULL</c>)
    /// attribute gives null, an empty collection or <c>default</c>, or, for a non-nullable string, document or
    /// entity, an <c>EntityMappingException</c> naming the attribute.
    /// </summary>
    /// <param name="localPrefix">Distinguishes the locals of two reads of the same property in one expression.</param>
    public static string ReadExpression(PropertyModel property, string typeName, string localPrefix)
    {
        var attributeName = Literals.String(property.AttributeName);
        var collected = AttributeCollector.Local(property);
        if (ValueCodec.WhenAbsent(property.Value) is not { } absent)
        {
            return ValueCodec.Read(property.Value, $"{Converter}.RequiredValue({collected}, {attributeName}, {Literals.String(typeName)})", attributeName, CollectionReaders.Name(property));
        }

        var local = Literals.Local(localPrefix, property.Name);
        return $"{collected} is {{ NULL: not true }} {local} ? {ValueCodec.Read(property.Value, local, attributeName, CollectionReaders.Name(property))} : {absent}";
    }
}
