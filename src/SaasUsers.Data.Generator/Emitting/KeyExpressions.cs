using System;
using System.Collections.Generic;
using System.Text;
using SaasUsers.Data.Generator.Model;
using static SaasUsers.Data.Generator.KnownNames;

namespace SaasUsers.Data.Generator.Emitting;

/// <summary>
/// Builds a key as one string concatenation of literal text and escaped or formatted components, which is as
/// cheap as a hand-written key and matches <c>KeyTemplate.TryFormat</c> over the stored attributes.
/// </summary>
internal static class KeyExpressions
{
    /// <summary>The concatenation for a template.</summary>
    /// <param name="template">The template.</param>
    /// <param name="properties">The mapped properties by name.</param>
    /// <param name="valueOf">The expression holding a property's (non-null) value.</param>
    /// <param name="components">Locals already holding the escaped or formatted component of a property, if any.</param>
    public static string Concatenation(KeyTemplateModel template, IReadOnlyDictionary<string, PropertyModel> properties, Func<PropertyModel, string> valueOf, IReadOnlyDictionary<string, string>? components = null)
    {
        var text = new StringBuilder();
        foreach (var segment in template.Segments)
        {
            if (text.Length > 0)
            {
                text.Append(" + ");
            }

            if (segment.Literal is { } literal)
            {
                text.Append(Literals.String(literal));
            }
            else
            {
                var property = properties[segment.PropertyName!];
                text.Append(components is not null && components.TryGetValue(property.Name, out var local) ? local : Component(property, valueOf(property)));
            }
        }

        return text.ToString();
    }

    /// <summary>A checked partition key: <c>KeyComponent.CheckPartitionKey(...)</c>, or the bare literal for a constant key.</summary>
    public static string PartitionKey(KeyTemplateModel template, IReadOnlyDictionary<string, PropertyModel> properties, Func<PropertyModel, string> valueOf, string entityType, IReadOnlyDictionary<string, string>? components = null) =>
        Checked(template, properties, valueOf, entityType, "CheckPartitionKey", components);

    /// <summary>A checked sort key: <c>KeyComponent.CheckSortKey(...)</c>, or the bare literal for a constant key.</summary>
    public static string SortKey(KeyTemplateModel template, IReadOnlyDictionary<string, PropertyModel> properties, Func<PropertyModel, string> valueOf, string entityType, IReadOnlyDictionary<string, string>? components = null) =>
        Checked(template, properties, valueOf, entityType, "CheckSortKey", components);

    /// <summary>The properties a template is built from, comma-separated, in template order.</summary>
    public static string PropertyNames(KeyTemplateModel template)
    {
        var names = new List<string>();
        foreach (var segment in template.Segments)
        {
            if (segment.PropertyName is { } name && !names.Contains(name))
            {
                names.Add(name);
            }
        }

        return string.Join(", ", names);
    }

    public static bool IsConstant(KeyTemplateModel template)
    {
        foreach (var segment in template.Segments)
        {
            if (segment.PropertyName is not null)
            {
                return false;
            }
        }

        return true;
    }

    private static string Checked(KeyTemplateModel template, IReadOnlyDictionary<string, PropertyModel> properties, Func<PropertyModel, string> valueOf, string entityType, string check, IReadOnlyDictionary<string, string>? components)
    {
        var concatenation = Concatenation(template, properties, valueOf, components);

        // A constant key is short literal text; there is nothing to check at run time. A key too long is blamed on
        // the properties it is built from (ParamName), as every other key exception is.
        return IsConstant(template)
            ? concatenation
            : $"{KeyComponent}.{check}({concatenation}, {Literals.String(entityType)}, {Literals.String(PropertyNames(template))})";
    }

    /// <summary>The escaped or formatted key component of a property: <c>KeyComponent.Escape</c>, an enum name, or <c>KeyComponent.Format</c>.</summary>
    public static string Component(PropertyModel property, string value)
    {
        var propertyName = Literals.String(property.Name);
        return property.Value.Kind switch
        {
            ValueKind.String => $"{KeyComponent}.Escape({value}, {propertyName})",
            ValueKind.Enum => ValueCodec.EnumName(property.Value, value, propertyName),
            _ => $"{KeyComponent}.Format({value})",
        };
    }
}
