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
    /// <summary>The SUD005 diagnostics of the compilation's entities (reported with the others, in source locations).</summary>
    public static EquatableArray<DiagnosticInfo> Find(EquatableArray<EntityNameInfo> entities)
    {
        var found = new List<DiagnosticInfo>();
        var firstByName = new Dictionary<string, EntityNameInfo>(StringComparer.Ordinal);
        foreach (var entity in entities)
        {
            if (firstByName.TryGetValue(entity.EntityType, out var first))
            {
                found.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateEntityType, entity.Location, entity.EntityType, entity.TypeDisplayName, first.TypeDisplayName));
            }
            else
            {
                firstByName.Add(entity.EntityType, entity);
            }
        }

        return found.ToEquatableArray();
    }
}
