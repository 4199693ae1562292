namespace SaasUsers.Data.Generator.Model;

/// <summary>A type the mapped type is nested in: the generated code repeats its partial declaration.</summary>
/// <param name="Keyword">The declaration keyword: <c>class</c>, <c>struct</c>, <c>record</c>, <c>record struct</c> or <c>interface</c>.</param>
/// <param name="Name">The type name as written in C#.</param>
internal sealed record ContainingTypeModel(string Keyword, string Name);
