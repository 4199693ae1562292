namespace SaasUsers.Data.Generator.Model;

/// <summary>What the parser made of one attributed type.</summary>
/// <param name="Model">The model to emit, or null when the type has errors.</param>
/// <param name="Diagnostics">The diagnostics to report.</param>
/// <param name="EntityName">For an entity: its type name, for the duplicate check.</param>
internal sealed record ParseResult(MappedTypeModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, EntityNameInfo? EntityName);
