using System.Collections.Generic;
using SaasUsers.Data.Generator.Model;
using static SaasUsers.Data.Generator.KnownNames;

namespace SaasUsers.Data.Generator.Emitting;

/// <summary>
/// Writes the sort key conditions of a template with properties (<c>PAY#{CreatedAt}#{CheckoutSessionId}</c>):
/// <c>Prefix()</c> for every key of the template, <c>Prefix(first)</c> for the keys with one first component, and
/// <c>Between(from, to)</c> for a range of first components, so no query writes a prefix or <c>"#\uffff"</c> by hand.
/// </summary>
internal static class SortKeyEmitter
{
    // Sorts after every character a key component holds once escaped, so "to" includes all keys that continue after it.
    private const string RangeEnd = "\uffff";

    public static void WriteConditions(SourceWriter writer, string typeName, KeyTemplateModel template, IReadOnlyDictionary<string, PropertyModel> properties, string entityType)
    {
        var segments = template.Segments;
        var literalPrefix = segments[0].Literal ?? string.Empty;
        var firstIndex = segments[0].Literal is null ? 0 : 1;
        var first = properties[segments[firstIndex].PropertyName!];
        var following = firstIndex + 1 < segments.Count ? segments[firstIndex + 1].Literal : null;
        var parameterType = KeyTypeName(first);
        var component = (string value) => KeyExpressions.Component(first, value);
        var prefix = literalPrefix.Length > 0 ? Literals.String(literalPrefix) + " + " : string.Empty;
        var last = firstIndex + 1 == segments.Count;
        var xmlPattern = EntityEmitter.Xml(template.AttributePattern);

        var firstWritten = false;
        if (literalPrefix.Length > 0)
        {
            writer.Line($"/// <summary>Every sort key of the template <c>{xmlPattern}</c>: begins with <c>{EntityEmitter.Xml(literalPrefix)}</c>.</summary>");
            writer.Line($"public static {SortKeyCondition} Prefix() => {SortKeyCondition}.BeginsWith({Literals.String(literalPrefix)});");
            firstWritten = true;
        }

        if (following is not null)
        {
            if (firstWritten)
            {
                writer.Line();
            }

            writer.Line($"/// <summary>The sort keys whose <c>{first.Name}</c> component is <paramref name=\"value\"/>.</summary>");
            writer.Line($"/// <param name=\"value\">The <c>{first.Name}</c> key component.</param>");
            writer.Line("/// <exception cref=\"global::System.ArgumentException\">The value cannot be a key component.</exception>");
            writer.Line($"public static {SortKeyCondition} Prefix({parameterType} value) =>");
            writer.Indent().Line($"{SortKeyCondition}.BeginsWith({prefix}{component("value")} + {Literals.String(following)});").Unindent();
            firstWritten = true;
        }

        if (firstWritten)
        {
            writer.Line();
        }

        var upperSuffix = last ? string.Empty : " + " + Literals.String(following + RangeEnd);
        writer.Line($"/// <summary>The sort keys whose <c>{first.Name}</c> component is from <paramref name=\"from\"/> to <paramref name=\"to\"/>, both included (in the key's text order).</summary>");
        writer.Line($"/// <param name=\"from\">The first <c>{first.Name}</c> of the range.</param>");
        writer.Line($"/// <param name=\"to\">The last <c>{first.Name}</c> of the range.</param>");
        writer.Line("/// <exception cref=\"global::System.ArgumentException\">A value cannot be a key component, or <paramref name=\"from\"/> sorts after <paramref name=\"to\"/>.</exception>");
        writer.Line($"public static {SortKeyCondition} Between({parameterType} from, {parameterType} to) =>");
        writer.Indent().Line($"{SortKeyCondition}.Between({prefix}{component("from")}, {prefix}{component("to")}{upperSuffix});").Unindent();
        _ = typeName;
        _ = entityType;
    }

    /// <summary>The parameter type of a key component: the property type without its nullable annotation.</summary>
    public static string KeyTypeName(PropertyModel property) => property.Value.TypeName.TrimEnd('?');
}
