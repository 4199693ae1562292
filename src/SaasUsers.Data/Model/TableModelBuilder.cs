using SaasUsers.Data.Mapping;

namespace SaasUsers.Data;

/// <summary>Collects the entity types of a table into a <see cref="TableModel"/>.</summary>
public sealed class TableModelBuilder
{
    private readonly List<EntityMapper> _entities = [];

    /// <summary>Adds entity type <typeparamref name="T"/>; adding a type twice has no effect.</summary>
    public TableModelBuilder Add<T>()
        where T : class, IDynamoEntity<T>
    {
        var mapper = T.Mapper;
        if (!_entities.Contains(mapper))
        {
            _entities.Add(mapper);
        }

        return this;
    }

    /// <summary>Adds an entity type by its mapper (for example one written by hand); adding one twice has no effect.</summary>
    public TableModelBuilder Add(EntityMapper mapper)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        if (!_entities.Contains(mapper))
        {
            _entities.Add(mapper);
        }

        return this;
    }

    /// <summary>Builds the model.</summary>
    /// <exception cref="ArgumentException">Two entities share a type name, or they use different time-to-live attributes.</exception>
    public TableModel Build() => new(_entities.ToArray());
}
