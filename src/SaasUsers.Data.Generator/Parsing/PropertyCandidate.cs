using Microsoft.CodeAnalysis;

namespace SaasUsers.Data.Generator.Parsing;

/// <summary>A public instance property the mapper could store, before construction decides whether it is mapped.</summary>
/// <param name="Symbol">The property.</param>
/// <param name="IsIgnored">Whether it carries <c>[DynamoIgnore]</c>.</param>
/// <param name="CanSet">Whether it has a setter or init accessor accessible from the generated (nested) mapper.</param>
internal sealed record PropertyCandidate(IPropertySymbol Symbol, bool IsIgnored, bool CanSet);
