namespace SaasUsers.Data;

/// <summary>What an export reads: the whole table, the items of some entity types, or one item collection.</summary>
public sealed class ExportScope
{
    private ExportScope(IReadOnlyCollection<string>? entityTypes, string? partitionKey, IReadOnlyList<PrimaryKey> extraKeys)
    {
        EntityTypes = entityTypes;
        PartitionKey = partitionKey;
        ExtraKeys = extraKeys;
    }

    /// <summary>Every item of the table (a parallel scan).</summary>
    public static ExportScope WholeTable { get; } = new(null, null, []);

    /// <summary>The entity types exported, or <see langword="null"/> for all.</summary>
    public IReadOnlyCollection<string>? EntityTypes { get; }

    /// <summary>The partition key of the exported item collection, or <see langword="null"/> for a scan.</summary>
    public string? PartitionKey { get; }

    /// <summary>Items outside the collection exported with it (for a user: the e-mail sentinel).</summary>
    public IReadOnlyList<PrimaryKey> ExtraKeys { get; }

    /// <summary>The items of the given entity types (a parallel scan, filtered).</summary>
    /// <exception cref="ArgumentException">No type, or an empty one, is given.</exception>
    public static ExportScope OfEntityTypes(params string[] entityTypes)
    {
        ArgumentNullException.ThrowIfNull(entityTypes);
        if (entityTypes.Length == 0 || entityTypes.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Name at least one entity type, none empty (for example \"User\").", nameof(entityTypes));
        }

        return new ExportScope(entityTypes.Distinct(StringComparer.Ordinal).ToArray(), null, []);
    }

    /// <summary>One item collection: every item with partition key <paramref name="partitionKey"/> (queries, no scan), and any <paramref name="extraKeys"/>.</summary>
    public static ExportScope OfCollection(string partitionKey, params PrimaryKey[] extraKeys)
    {
        ArgumentException.ThrowIfNullOrEmpty(partitionKey);
        ArgumentNullException.ThrowIfNull(extraKeys);
        return new ExportScope(null, partitionKey, extraKeys);
    }

    /// <summary>
    /// A user's data, to hand over on request: the user's item collection (profile, subscriptions, payments) and the
    /// e-mail sentinel that reserves the address.
    /// </summary>
    /// <param name="userId">The user's id.</param>
    /// <param name="normalizedEmail">The user's normalized e-mail (<see cref="User.NormalizedEmail"/>), for the sentinel; none when null.</param>
    public static ExportScope OfUser(string userId, string? normalizedEmail = null) =>
        OfCollection(User.CreatePartitionKey(userId), normalizedEmail is null ? [] : [EmailLookup.CreateKey(normalizedEmail)]);
}
