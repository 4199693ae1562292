using SaasUsers.Data.Generator.Model;
using static SaasUsers.Data.Generator.KnownNames;

namespace SaasUsers.Data.Generator.Emitting;

/// <summary>
/// Writes the switches that turn enum values into member names and back, so no <c>Enum.ToString</c> or
/// <c>Enum.Parse</c> (reflection, slow, not trimming safe) runs.
/// </summary>
internal static class EnumConvertersEmitter
{
    public static void Write(SourceWriter writer, EquatableArray<EnumModel> enums)
    {
        if (enums.Count == 0)
        {
            return;
        }

        writer.Line();
        writer.Line("/// <summary>Enum name switches used by the generated mapping.</summary>");
        writer.Open($"private static class {ValueCodec.EnumConverters}");
        var first = true;
        foreach (var model in enums)
        {
            if (!first)
            {
                writer.Line();
            }

            first = false;
            WriteNameSwitch(writer, model);
            writer.Line();
            WriteParseSwitch(writer, model);
            writer.Line();
            WriteUtf8Parse(writer, model);
        }

        writer.Close();
    }

    private static void WriteNameSwitch(SourceWriter writer, EnumModel model)
    {
        writer.Line($"public static string {model.HelperName}Name({model.TypeName} value, string attributeName) => value switch");
        writer.Open();
        foreach (var member in model.Members)
        {
            // Aliases (two names, one value) are written under the first name: a switch cannot test a value twice.
            if (member.IsFirstWithItsValue)
            {
                writer.Line($"{model.TypeName}.{member.Identifier} => {Literals.String(member.Name)},");
            }
        }

        writer.Line($"_ => throw {Converter}.UnknownEnumValue(attributeName, {Literals.String(model.DisplayName)}, (({model.UnderlyingTypeName})value).ToString({InvariantCulture}), writing: true),");
        writer.Close(";");
    }

    private static void WriteParseSwitch(SourceWriter writer, EnumModel model)
    {
        writer.Line($"public static {model.TypeName} Parse{model.HelperName}(string name, string attributeName) => name switch");
        writer.Open();
        foreach (var member in model.Members)
        {
            writer.Line($"{Literals.String(member.Name)} => {model.TypeName}.{member.Identifier},");
        }

        writer.Line($"_ => throw {Converter}.UnknownEnumValue(attributeName, {Literals.String(model.DisplayName)}, name, writing: false),");
        writer.Close(";");
    }

    // The direct read path matches the stored name's UTF-8 bytes, so no string is made for it.
    private static void WriteUtf8Parse(SourceWriter writer, EnumModel model)
    {
        writer.Open($"public static {model.TypeName} Parse{model.HelperName}Utf8(global::System.ReadOnlySpan<byte> name, string attributeName)");
        foreach (var member in model.Members)
        {
            writer.Open($"if (global::System.MemoryExtensions.SequenceEqual(name, {Literals.String(member.Name)}u8))");
            writer.Line($"return {model.TypeName}.{member.Identifier};");
            writer.Close();
        }

        writer.Line($"throw {Converter}.UnknownEnumValue(attributeName, {Literals.String(model.DisplayName)}, global::System.Text.Encoding.UTF8.GetString(name), writing: false);");
        writer.Close();
    }
}
