// Linked into both the generator (netstandard2.0) and the runtime library, as System.Text.Json's generator links
// its shared sources: the rule a key template follows exists once, so a template the generator accepts never fails
// at run time. No usings: the two projects have different implicit usings.
namespace SaasUsers.Data.Shared;

/// <summary>The syntax of key templates such as <c>USER#{UserId}</c>: literal text and names in braces.</summary>
internal static class KeyTemplateSyntax
{
    /// <summary>Splits a template into its parts; returns null and why when it is malformed (for example "has a '{' without a '}'").</summary>
    public static System.Collections.Generic.List<KeyTemplatePart>? Split(string template, out string? error)
    {
        error = null;
        var parts = new System.Collections.Generic.List<KeyTemplatePart>();
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf('{', position);
            var close = template.IndexOf('}', position);
            if (open < 0)
            {
                if (close >= 0)
                {
                    error = "has a '}' without a '{'";
                    return null;
                }

                parts.Add(new KeyTemplatePart(template.Substring(position), null));
                break;
            }

            if (close >= 0 && close < open)
            {
                error = "has a '}' without a '{'";
                return null;
            }

            if (open > position)
            {
                parts.Add(new KeyTemplatePart(template.Substring(position, open - position), null));
            }

            var end = template.IndexOf('}', open + 1);
            if (end < 0)
            {
                error = "has a '{' without a '}'";
                return null;
            }

            var name = template.Substring(open + 1, end - open - 1);
            if (name.Length == 0 || name.IndexOf('{') >= 0)
            {
                error = "has an empty or nested name in braces";
                return null;
            }

            parts.Add(new KeyTemplatePart(null, name));
            position = end + 1;
        }

        return parts;
    }
}
