namespace SaasUsers.Data.Generator.Model;

/// <summary>One part of a key template: literal text, or a property whose value fills it.</summary>
internal sealed record KeySegment(string? Literal, string? PropertyName);
