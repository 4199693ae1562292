using System;
using System.Collections.Generic;

namespace SaasUsers.Data.Generator.Model;

/// <summary>Which properties the generated <c>CreateKey</c> and <c>CreatePartitionKey</c> take, in order.</summary>
internal static class KeyParameters
{
    /// <summary>The properties of the templates in template order (partition key first), each once.</summary>
    public static List<string> Of(KeyTemplateModel partitionKey, KeyTemplateModel? sortKey)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Add(partitionKey, names, seen);
        if (sortKey is not null)
        {
            Add(sortKey, names, seen);
        }

        return names;
    }

    private static void Add(KeyTemplateModel template, List<string> names, HashSet<string> seen)
    {
        foreach (var segment in template.Segments)
        {
            if (segment.PropertyName is { } name && seen.Add(name))
            {
                names.Add(name);
            }
        }
    }
}
