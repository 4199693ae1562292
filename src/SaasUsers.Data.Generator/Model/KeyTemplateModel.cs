namespace SaasUsers.Data.Generator.Model;

/// <summary>A parsed key template.</summary>
/// <param name="AttributePattern">The template with property names replaced by attribute names (for <c>KeyTemplate.Parse</c>).</param>
/// <param name="Segments">Literal text and properties, in order.</param>
internal sealed record KeyTemplateModel(string AttributePattern, EquatableArray<KeySegment> Segments);
