// Linked into both the generator and the runtime library (see KeyTemplateSyntax.cs). No usings.
namespace SaasUsers.Data.Shared;

/// <summary>One part of a key template: literal text, or the name in braces of a value that fills it.</summary>
internal readonly struct KeyTemplatePart
{
    public KeyTemplatePart(string? literal, string? name)
    {
        Literal = literal;
        Name = name;
    }

    public string? Literal { get; }

    public string? Name { get; }
}
