using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using SaasUsers.Data.Generator.Model;

namespace SaasUsers.Data.Generator.Diagnostics;

/// <summary>
/// The one check that needs every entity at once: two entities of a compilation must not share an entity type
/// name, or mixed query results could not be decoded (SUD005).
/// </summary>
internal static class DuplicateEntityTypeCheck
{
    public static void Report(SourceProductionContext context, EquatableArray<EntityNameInfo> entities)
    {
        var firstByName = new Dictionary<string, EntityNameInfo>(StringComparer.Ordinal);
        foreach (var entity in entities)
        {
            if (firstByName.TryGetValue(entity.EntityType, out var first))
            {
                context.ReportDiagnostic(DiagnosticInfo
                    .Create(DiagnosticDescriptors.DuplicateEntityType, entity.Location, entity.EntityType, entity.TypeDisplayName, first.TypeDisplayName)
                    .ToDiagnostic());
            }
            else
            {
                firstByName.Add(entity.EntityType, entity);
            }
        }
    }
}
