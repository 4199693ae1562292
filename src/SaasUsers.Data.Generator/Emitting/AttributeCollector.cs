using System.Linq;
using SaasUsers.Data.Generator.Model;
using static SaasUsers.Data.Generator.KnownNames;

namespace SaasUsers.Data.Generator.Emitting;

/// <summary>
/// Writes the first half of <c>FromItem</c>/<c>FromMap</c>: one local a stored property, holding its attribute
/// value or null. An item whose names compare ordinally (the SDK's and ours) is walked once, each name dispatched
/// by a <c>switch</c>, which costs less than one hash look-up a property (absent optional attributes included);
/// a dictionary with another comparer (case-insensitive, say) has each name looked up, as it always had. The
/// second half reads the locals in declaration order (<see cref="PropertyStatements.ReadExpression"/>), so which
/// attribute is read and which error comes first do not depend on the item's order.
/// </summary>
internal static class AttributeCollector
{
    /// <summary>The local holding a property's attribute value.</summary>
    public static string Local(PropertyModel property) => Literals.Local("attribute_", property.Name);

    /// <summary>Whether construction reads the property (a constructor argument or an initializer member).</summary>
    private static bool IsRead(PropertyModel property) => property.ConstructorParameterIndex >= 0 || property.InInitializer;

    public static void Write(SourceWriter writer, MappedTypeModel type, string source)
    {
        var read = type.Properties.Where(IsRead).ToList();
        if (read.Count == 0)
        {
            return;
        }

        foreach (var property in read)
        {
            writer.Line($"{AttributeValue}? {Local(property)} = null;");
        }

        writer.Open($"if ({Converter}.ComparesNamesOrdinally({source}))");
        writer.Open($"foreach (var __attributeEntry in {source})");
        writer.Open("switch (__attributeEntry.Key)");
        foreach (var property in read)
        {
            writer.Line($"case {Literals.String(property.AttributeName)}: {Local(property)} = __attributeEntry.Value; break;");
        }

        writer.Close();
        writer.Close();
        writer.Close();
        writer.Open("else");
        foreach (var property in read)
        {
            writer.Line($"{source}.TryGetValue({Literals.String(property.AttributeName)}, out {Local(property)});");
        }

        writer.Close();
    }
}
