using System.Diagnostics.CodeAnalysis;
using SaasUsers.Data.Mapping;

namespace SaasUsers.Data;

/// <summary>
/// The entity types that share one table, and what follows from them: the global secondary indexes the table
/// needs and its time-to-live attribute. Immutable; build it with <see cref="TableModelBuilder"/>.
/// </summary>
public sealed class TableModel
{
    private readonly Dictionary<string, EntityMapper> _byEntityType;
    private readonly Dictionary<Type, EntityMapper> _byClrType;
    private readonly Dictionary<Type, EntityOwnership[]> _ownershipsByOwner;

    internal TableModel(IReadOnlyList<EntityMapper> entities)
    {
        _byEntityType = new Dictionary<string, EntityMapper>(StringComparer.Ordinal);
        _byClrType = new Dictionary<Type, EntityMapper>();
        foreach (var mapper in entities)
        {
            if (!_byEntityType.TryAdd(mapper.EntityType, mapper))
            {
                throw new ArgumentException(
                    $"Entity type name '{mapper.EntityType}' is used by both {_byEntityType[mapper.EntityType].EntityClrType.FullName} and {mapper.EntityClrType.FullName}; each entity needs its own name.",
                    nameof(entities));
            }

            _byClrType.TryAdd(mapper.EntityClrType, mapper);
        }

        var ttlNames = entities.Select(e => e.TimeToLiveAttributeName).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        if (ttlNames.Length > 1)
        {
            throw new ArgumentException(
                $"A table has one time-to-live attribute, but the entities use {string.Join(", ", ttlNames.Select(n => "'" + n + "'"))}.",
                nameof(entities));
        }

        _ownershipsByOwner = entities
            .SelectMany(e => e.OwnedBy)
            .GroupBy(o => o.OwnerType)
            .ToDictionary(g => g.Key, g => g.ToArray());
        Entities = entities;
        TimeToLiveAttributeName = ttlNames.FirstOrDefault();
        Indexes = entities.SelectMany(e => e.Indexes).Select(i => i.Index).Distinct().Order().ToArray();
    }

    /// <summary>The entity types, in the order they were added.</summary>
    public IReadOnlyList<EntityMapper> Entities { get; }

    /// <summary>The numbers of the global secondary indexes the entities fill (index <c>n</c> is named <c>GSI{n}</c>).</summary>
    public IReadOnlyList<int> Indexes { get; }

    /// <summary>The time-to-live attribute, or <see langword="null"/> when no entity expires.</summary>
    public string? TimeToLiveAttributeName { get; }

    /// <summary>Finds the mapper for a stored entity type name.</summary>
    public bool TryGetMapper(string entityType, [NotNullWhen(true)] out EntityMapper? mapper) =>
        _byEntityType.TryGetValue(entityType, out mapper);

    /// <summary>
    /// The keys of the items <paramref name="entity"/> owns outside its partition: one for each entity type of the
    /// model that declares <see cref="DynamoOwnedByAttribute"/> with the entity's type (and a non-null key).
    /// </summary>
    /// <param name="entity">An entity, for example an item of the user's partition.</param>
    /// <returns>The owned items' keys; empty when it owns none.</returns>
    public IReadOnlyList<PrimaryKey> OwnedKeysOf(object entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (!_ownershipsByOwner.TryGetValue(entity.GetType(), out var ownerships))
        {
            return [];
        }

        var keys = new List<PrimaryKey>(ownerships.Length);
        foreach (var ownership in ownerships)
        {
            if (ownership.KeyOwnedBy(entity) is { } key)
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    /// <summary>Builds the primary key of an entity of any type in the model, for example an item of a mixed query page.</summary>
    /// <param name="entity">The entity.</param>
    /// <exception cref="ArgumentException">The entity's type is not in the model.</exception>
    public PrimaryKey KeyOf(object entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return _byClrType.TryGetValue(entity.GetType(), out var mapper)
            ? mapper.GetKeyAsObject(entity)
            : throw new ArgumentException($"{entity.GetType().FullName} is not an entity type of the table model.", nameof(entity));
    }
}
