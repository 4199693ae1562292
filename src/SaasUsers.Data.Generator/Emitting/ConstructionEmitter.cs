using System;
using System.Collections.Generic;
using SaasUsers.Data.Generator.Model;

namespace SaasUsers.Data.Generator.Emitting;

/// <summary>
/// Writes <c>new T(arguments) { Property = value, ... }</c>: constructor arguments in parameter order, then an
/// object initializer for the other settable properties (and required members that are not stored).
/// </summary>
internal static class ConstructionEmitter
{
    /// <param name="writer">Where to write.</param>
    /// <param name="type">The type to create.</param>
    /// <param name="prefix">What comes before <c>new</c>, for example <c>return </c>.</param>
    /// <param name="argument">The value expression of a property passed to the constructor.</param>
    /// <param name="initializer">The value expression of a property set in the initializer.</param>
    /// <param name="copyOnly">The value of a member that is not stored, or null to leave it out.</param>
    public static void Write(
        SourceWriter writer,
        MappedTypeModel type,
        string prefix,
        Func<PropertyModel, string> argument,
        Func<PropertyModel, string> initializer,
        Func<CopyOnlyMemberModel, string?> copyOnly)
    {
        var arguments = new string[type.ConstructorParameterCount];
        var assignments = new List<string>();
        foreach (var property in type.Properties)
        {
            if (property.ConstructorParameterIndex >= 0)
            {
                arguments[property.ConstructorParameterIndex] = argument(property);
            }

            if (property.InInitializer)
            {
                assignments.Add($"{property.Identifier} = {initializer(property)},");
            }
        }

        foreach (var member in type.CopyOnlyMembers)
        {
            if (copyOnly(member) is { } value)
            {
                assignments.Add($"{member.Identifier} = {value},");
            }
        }

        var end = assignments.Count == 0 ? ";" : string.Empty;
        if (arguments.Length == 0)
        {
            writer.Line($"{prefix}new {type.FullyQualifiedName}{(assignments.Count == 0 ? "()" : string.Empty)}{end}");
        }
        else
        {
            writer.Line($"{prefix}new {type.FullyQualifiedName}(");
            writer.Indent();
            for (var i = 0; i < arguments.Length; i++)
            {
                writer.Line(arguments[i] + (i < arguments.Length - 1 ? "," : ")" + end));
            }

            writer.Unindent();
        }

        if (assignments.Count == 0)
        {
            return;
        }

        writer.Open();
        foreach (var assignment in assignments)
        {
            writer.Line(assignment);
        }

        writer.Close(";");
    }
}
