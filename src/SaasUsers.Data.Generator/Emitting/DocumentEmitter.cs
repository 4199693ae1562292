using SaasUsers.Data.Generator.Model;
using static SaasUsers.Data.Generator.KnownNames;

namespace SaasUsers.Data.Generator.Emitting;

/// <summary>Writes the <c>IDynamoDocument&lt;T&gt;</c> members of a <c>[DynamoDocument]</c> type: <c>ToMap</c>, <c>FromMap</c> and <c>FromJson</c>.</summary>
internal static class DocumentEmitter
{
    public static void WriteMembers(SourceWriter writer, MappedTypeModel type)
    {
        writer.Line($"/// <summary>Converts a <see cref=\"{type.Name}\"/> to the DynamoDB map it is stored as.</summary>");
        writer.Line("/// <param name=\"value\">The document.</param>");
        writer.Line("/// <returns>The map of its stored properties; null properties are left out.</returns>");
        writer.Open($"public static {SourceFileEmitter.NewModifier(type, "ToMap")}{Item} ToMap({type.FullyQualifiedName} value)");
        writer.Line("global::System.ArgumentNullException.ThrowIfNull(value);");
        writer.Line($"var map = new {Item}({type.Properties.Count});");
        foreach (var property in type.Properties)
        {
            PropertyStatements.WriteStore(writer, property, "value", "map");
        }

        writer.Line("return map;");
        writer.Close();
        CollectionWriters.Write(writer, type);
        writer.Line();

        writer.Line($"/// <summary>Reads a <see cref=\"{type.Name}\"/> back from its DynamoDB map.</summary>");
        writer.Line("/// <param name=\"map\">The stored map.</param>");
        writer.Line("/// <returns>The document.</returns>");
        writer.Line("/// <exception cref=\"global::SaasUsers.Data.EntityMappingException\">A required attribute is missing or an attribute holds the wrong type.</exception>");
        writer.Open($"public static {SourceFileEmitter.NewModifier(type, "FromMap")}{type.FullyQualifiedName} FromMap({Item} map)");
        writer.Line("global::System.ArgumentNullException.ThrowIfNull(map);");
        AttributeCollector.Write(writer, type, "map");
        ConstructionEmitter.Write(
            writer,
            type,
            "return ",
            argument: property => PropertyStatements.ReadExpression(property, type.DisplayName, "arg"),
            initializer: property => PropertyStatements.ReadExpression(property, type.DisplayName, string.Empty),
            copyOnly: member => member.IsRequired ? "default!" : null);
        writer.Close();
        CollectionReaders.Write(writer, type);
        writer.Line();

        writer.Line($"/// <summary>Reads a <see cref=\"{type.Name}\"/> straight from DynamoDB's JSON of its map, as <see cref=\"FromMap\"/> reads the same map.</summary>");
        writer.Line("/// <param name=\"reader\">The reader, on the map's start; left on its end.</param>");
        writer.Line("/// <returns>The document.</returns>");
        writer.Line("/// <exception cref=\"global::SaasUsers.Data.EntityMappingException\">A required attribute is missing or an attribute holds the wrong type.</exception>");
        writer.Open($"public static {SourceFileEmitter.NewModifier(type, "FromJson")}{type.FullyQualifiedName} FromJson({JsonReadEmitter.Parameters})");
        JsonReadEmitter.WriteBody(writer, type, type.DisplayName);
        writer.Close();
    }
}
