using System.Globalization;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Mapping;

namespace SaasUsers.Data;

/// <summary>
/// A partial update of one stored entity: attributes to set, remove or increment, an optional expected version
/// and an optional condition. The update only applies to an existing item of the entity's type; a versioned
/// entity's version is incremented by every update. Index keys built from updated attributes are rebuilt.
/// </summary>
/// <typeparam name="T">The entity type.</typeparam>
public sealed class UpdateBuilder<T>
    where T : class, IDynamoEntity<T>
{
    private readonly Dictionary<string, AttributeValue> _sets = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AttributeValue> _increments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AttributeValue> _setsIfAbsent = new(StringComparer.Ordinal);

    /// <summary>The version the stored entity must have, or <see langword="null"/> for no version check.</summary>
    public long? ExpectedVersion { get; private set; }

    /// <summary>The extra condition the stored entity must meet, or <see langword="null"/>.</summary>
    public ItemCondition<T>? Condition { get; private set; }

    /// <summary>Whether the update changes nothing yet.</summary>
    public bool IsEmpty => _sets.Count == 0 && _removes.Count == 0 && _increments.Count == 0 && _setsIfAbsent.Count == 0;

    /// <summary>Sets an attribute; setting <see langword="null"/> removes it.</summary>
    /// <exception cref="ArgumentException">The attribute is already changed by this update.</exception>
    public UpdateBuilder<T> Set<TValue>(EntityField<T, TValue> field, TValue value)
    {
        ArgumentNullException.ThrowIfNull(field);
        EnsureNotChanged(field.AttributeName);
        var attributeValue = field.ToAttributeValue(value);
        if (attributeValue is null)
        {
            _removes.Add(field.AttributeName);
        }
        else
        {
            _sets.Add(field.AttributeName, attributeValue);
        }

        return this;
    }

    /// <summary>
    /// Sets an attribute only when the stored item does not have it yet (<c>if_not_exists</c>): the first write
    /// wins, for example the creation time of an upserted entity.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is stored as absent (null).</exception>
    /// <exception cref="ArgumentException">The attribute is already changed by this update.</exception>
    public UpdateBuilder<T> SetIfNotExists<TValue>(EntityField<T, TValue> field, TValue value)
    {
        ArgumentNullException.ThrowIfNull(field);
        EnsureNotChanged(field.AttributeName);
        var attributeValue = field.ToAttributeValue(value)
            ?? throw new ArgumentNullException(nameof(value), $"SetIfNotExists of '{field.AttributeName}' needs a value.");
        _setsIfAbsent.Add(field.AttributeName, attributeValue);
        return this;
    }

    /// <summary>Removes an attribute.</summary>
    /// <exception cref="ArgumentException">The attribute is already changed by this update.</exception>
    public UpdateBuilder<T> Remove<TValue>(EntityField<T, TValue> field)
    {
        ArgumentNullException.ThrowIfNull(field);
        EnsureNotChanged(field.AttributeName);
        _removes.Add(field.AttributeName);
        return this;
    }

    /// <summary>Adds <paramref name="amount"/> to a number attribute atomically (an absent attribute counts as 0).</summary>
    /// <exception cref="ArgumentException">The attribute is already changed by this update.</exception>
    public UpdateBuilder<T> Increment(EntityField<T, long> field, long amount) => AddIncrement(field?.AttributeName, amount);

    /// <summary>Adds <paramref name="amount"/> to a number attribute atomically (an absent attribute counts as 0).</summary>
    /// <exception cref="ArgumentException">The attribute is already changed by this update.</exception>
    public UpdateBuilder<T> Increment(EntityField<T, int> field, int amount) => AddIncrement(field?.AttributeName, amount);

    /// <summary>Applies the update only when the stored entity has version <paramref name="version"/>.</summary>
    /// <exception cref="InvalidOperationException">The entity has no version property.</exception>
    public UpdateBuilder<T> ExpectVersion(long version)
    {
        if (!T.Mapper.IsVersioned)
        {
            throw new InvalidOperationException($"{T.Mapper.EntityType} has no [DynamoVersion] property, so an update cannot expect a version.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(version);
        ExpectedVersion = version;
        return this;
    }

    /// <summary>Applies the update only when the stored entity meets <paramref name="condition"/> (combined with AND when called again).</summary>
    public UpdateBuilder<T> When(ItemCondition<T> condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        Condition = Condition is null ? condition : Condition & condition;
        return this;
    }

    /// <summary>
    /// Renders the update for the item at <paramref name="key"/>. An <paramref name="upsert"/> may create the item:
    /// it also writes the entity type, may set the primary key's own attributes (to the values in the key), and
    /// its condition holds for an absent item.
    /// </summary>
    internal RenderedUpdate Render(PrimaryKey key, ExpressionAttributes attributes, bool upsert = false)
    {
        var mapper = T.Mapper;
        if (IsEmpty)
        {
            throw new ArgumentException($"An update of {mapper.EntityType} must set, remove or increment at least one attribute.", "update");
        }

        foreach (var name in _sets.Keys.Concat(_removes).Concat(_increments.Keys).Concat(_setsIfAbsent.Keys))
        {
            if (upsert && _sets.ContainsKey(name) && mapper.IsPrimaryKeyAttribute(name))
            {
                continue;
            }

            if (mapper.IsPrimaryKeyAttribute(name))
            {
                throw new ArgumentException($"'{name}' is part of the primary key of {mapper.EntityType} and cannot be updated in place; delete the item and create a new one.", name);
            }

            if (name == mapper.VersionAttributeName)
            {
                throw new ArgumentException($"'{name}' is the version of {mapper.EntityType}; it changes by itself on every update (use ExpectVersion to check it).", name);
            }
        }

        if (upsert)
        {
            EnsureKeyAttributesMatch(mapper, key);
        }

        var sets = new List<string>();
        var removes = new List<string>();
        if (upsert)
        {
            sets.Add(attributes.Name(ItemAttributeNames.EntityType) + " = " + attributes.Value(new AttributeValue { S = mapper.EntityType }));
        }

        foreach (var (name, value) in _sets)
        {
            sets.Add(attributes.Name(name) + " = " + attributes.Value(value));
        }

        foreach (var (name, value) in _setsIfAbsent)
        {
            var placeholder = attributes.Name(name);
            sets.Add($"{placeholder} = if_not_exists({placeholder}, {attributes.Value(value)})");
        }

        foreach (var name in _removes)
        {
            removes.Add(attributes.Name(name));
        }

        RenderIndexKeys(mapper, key, attributes, sets, removes);

        if (mapper.VersionAttributeName is { } versionAttribute)
        {
            sets.Add(ItemConditions.VersionBump(versionAttribute, attributes));
        }

        var expression = new List<string>(3);
        if (sets.Count > 0)
        {
            expression.Add("SET " + string.Join(", ", sets));
        }

        if (removes.Count > 0)
        {
            expression.Add("REMOVE " + string.Join(", ", removes));
        }

        if (_increments.Count > 0)
        {
            expression.Add("ADD " + string.Join(", ", _increments.Select(i => attributes.Name(i.Key) + " " + attributes.Value(i.Value))));
        }

        var condition = upsert
            ? ItemConditions.AbsentOrExistingEntity(T.Mapper, ExpectedVersion, Condition, attributes)
            : ItemConditions.ExistingEntity(T.Mapper, ExpectedVersion, Condition, attributes);
        return new RenderedUpdate(string.Join(" ", expression), condition);
    }

    // An upsert may set the key's own attributes (a created item needs them), but only to the values in the key.
    private void EnsureKeyAttributesMatch(EntityMapper mapper, PrimaryKey key)
    {
        foreach (var (template, value, part) in new[] { (mapper.PartitionKey, key.PartitionKey, "partition"), (mapper.SortKey, key.SortKey, "sort") })
        {
            if (!template.AttributeNames.Any(_sets.ContainsKey))
            {
                continue;
            }

            if (!template.TryFormat(_sets, out var formatted) || formatted != value)
            {
                throw new ArgumentException(
                    $"The upsert of {mapper.EntityType} sets the attributes of its {part} key template '{template.Pattern}' to values that do not give the key '{value}'; set all of them, to the key's values.",
                    "update");
            }
        }
    }

    private void RenderIndexKeys(EntityMapper mapper, PrimaryKey key, ExpressionAttributes attributes, List<string> sets, List<string> removes)
    {
        // Index templates may use primary key properties (which an update never changes): read them from the key.
        Dictionary<string, AttributeValue>? known = null;
        foreach (var index in mapper.Indexes)
        {
            var templateAttributes = index.PartitionKey.AttributeNames.Concat(index.SortKey.AttributeNames).Distinct(StringComparer.Ordinal).ToArray();
            var touched = templateAttributes.Where(a => _sets.ContainsKey(a) || _removes.Contains(a) || _increments.ContainsKey(a)).ToArray();
            if (templateAttributes.FirstOrDefault(_setsIfAbsent.ContainsKey) is { } keptAttribute)
            {
                throw new ArgumentException(
                    $"'{keptAttribute}' of {mapper.EntityType} is part of the key of index {index.IndexName}, whose key must be known when the update is sent; use Set instead of SetIfNotExists.",
                    keptAttribute);
            }

            if (touched.Length == 0)
            {
                continue;
            }

            if (touched.Any(_removes.Contains))
            {
                // A template value is gone: the item leaves the (sparse) index.
                removes.Add(attributes.Name(index.PartitionKeyAttribute));
                removes.Add(attributes.Name(index.SortKeyAttribute));
                continue;
            }

            if (known is null)
            {
                known = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
                mapper.PartitionKey.TryParse(key.PartitionKey, known);
                mapper.SortKey.TryParse(key.SortKey, known);
                foreach (var (name, value) in _sets)
                {
                    known[name] = value;
                }
            }

            var missing = templateAttributes.Where(a => !known.ContainsKey(a)).ToArray();
            if (missing.Length > 0)
            {
                throw new ArgumentException(
                    $"Updating {string.Join(", ", touched)} of {mapper.EntityType} changes the key of index {index.IndexName}, which is also built from {string.Join(", ", missing)}; set those in the same update, or replace the entity with PutAsync.",
                    touched[0]);
            }

            if (!index.PartitionKey.TryFormat(known, out var partitionKey) || !index.SortKey.TryFormat(known, out var sortKey))
            {
                continue;
            }

            // The rebuilt keys are checked as a create checks them, so an oversized key fails before any request.
            var changed = string.Join(", ", touched);
            KeyComponent.CheckPartitionKey(partitionKey, $"{mapper.EntityType} index {index.IndexName}", changed);
            KeyComponent.CheckSortKey(sortKey, $"{mapper.EntityType} index {index.IndexName}", changed);
            sets.Add(attributes.Name(index.PartitionKeyAttribute) + " = " + attributes.Value(new AttributeValue { S = partitionKey }));
            sets.Add(attributes.Name(index.SortKeyAttribute) + " = " + attributes.Value(new AttributeValue { S = sortKey }));
        }
    }

    private UpdateBuilder<T> AddIncrement(string? attributeName, long amount)
    {
        ArgumentNullException.ThrowIfNull(attributeName, "field");
        EnsureNotChanged(attributeName);
        _increments.Add(attributeName, new AttributeValue { N = amount.ToString(CultureInfo.InvariantCulture) });
        return this;
    }

    private void EnsureNotChanged(string attributeName)
    {
        if (_sets.ContainsKey(attributeName) || _removes.Contains(attributeName) || _increments.ContainsKey(attributeName) || _setsIfAbsent.ContainsKey(attributeName))
        {
            throw new ArgumentException($"'{attributeName}' is already changed by this update; change each attribute once.", attributeName);
        }
    }
}

/// <summary>An update rendered to DynamoDB expressions.</summary>
internal readonly record struct RenderedUpdate(string UpdateExpression, string ConditionExpression);
