using System.Collections.Generic;
using SaasUsers.Data.Generator.Model;

namespace SaasUsers.Data.Generator.Parsing;

/// <summary>
/// Splits a key template such as <c>USER#{UserId}</c> into literal text and property names. Both this and the
/// runtime <c>KeyTemplate.Parse</c> use the shared <c>KeyTemplateSyntax</c>, so a template accepted here never fails there.
/// </summary>
internal static class KeyTemplateParser
{
    /// <summary>Parses a template; returns null and a reason when it is malformed.</summary>
    public static List<KeySegment>? Parse(string template, out string? error)
    {
        var parts = SaasUsers.Data.Shared.KeyTemplateSyntax.Split(template, out var problem);
        error = problem is null ? null : "it " + problem;
        if (parts is null)
        {
            return null;
        }

        var segments = new List<KeySegment>(parts.Count);
        foreach (var part in parts)
        {
            segments.Add(new KeySegment(part.Literal, part.Name));
        }

        return segments;
    }
}
