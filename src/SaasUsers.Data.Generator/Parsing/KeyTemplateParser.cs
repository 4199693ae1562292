using System.Collections.Generic;
using SaasUsers.Data.Generator.Model;

namespace SaasUsers.Data.Generator.Parsing;

/// <summary>
/// Splits a key template such as <c>USER#{UserId}</c> into literal text and property names. It follows the
/// same rules as the runtime <c>KeyTemplate.Parse</c>, so a template accepted here never fails there.
/// </summary>
internal static class KeyTemplateParser
{
    /// <summary>Parses a template; returns null and a reason when it is malformed.</summary>
    public static List<KeySegment>? Parse(string template, out string? error)
    {
        error = null;
        var segments = new List<KeySegment>();
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf('{', position);
            var close = template.IndexOf('}', position);
            if (open < 0)
            {
                if (close >= 0)
                {
                    error = "it has a '}' without a '{'";
                    return null;
                }

                segments.Add(new KeySegment(template.Substring(position), null));
                break;
            }

            if (close >= 0 && close < open)
            {
                error = "it has a '}' without a '{'";
                return null;
            }

            if (open > position)
            {
                segments.Add(new KeySegment(template.Substring(position, open - position), null));
            }

            var end = template.IndexOf('}', open + 1);
            if (end < 0)
            {
                error = "it has a '{' without a '}'";
                return null;
            }

            var name = template.Substring(open + 1, end - open - 1);
            if (name.Length == 0 || name.IndexOf('{') >= 0)
            {
                error = "it has an empty or nested property name in braces";
                return null;
            }

            segments.Add(new KeySegment(null, name));
            position = end + 1;
        }

        return segments;
    }
}
