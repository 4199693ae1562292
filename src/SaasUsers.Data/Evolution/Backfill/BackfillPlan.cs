using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Mapping;

namespace SaasUsers.Data;

/// <summary>
/// Which entity types a backfill rewrites to the current model, and how an item stored by an older version is
/// upgraded first. Each item of an included type is read as stored, passed through its upgrade (to rename an
/// attribute or fill a new one), decoded by the entity's generated mapper and encoded again: index keys are
/// computed, defaults filled, attributes the model no longer has dropped, exactly as the application's own
/// <c>PutAsync</c> would store the entity. The version of a versioned entity is kept.
/// </summary>
public sealed class BackfillPlan
{
    private readonly Dictionary<string, BackfillRewriter> _rewriters = new(StringComparer.Ordinal);

    /// <summary>The entity type names included.</summary>
    public IReadOnlyCollection<string> EntityTypes => _rewriters.Keys;

    /// <summary>Includes entity type <typeparamref name="T"/>.</summary>
    /// <param name="upgrade">
    /// Changes a stored item (a copy) before it is decoded, for example renaming attribute <c>mail</c> to
    /// <c>Email</c>; <see langword="null"/> for none. It must be idempotent: an item it already upgraded must come out
    /// unchanged, so a resumed run does not rewrite it again.
    /// </param>
    /// <exception cref="ArgumentException">The type is already included.</exception>
    public BackfillPlan Include<T>(Action<Dictionary<string, AttributeValue>>? upgrade = null)
        where T : class, IDynamoEntity<T>
    {
        var mapper = T.Mapper;
        if (!_rewriters.TryAdd(mapper.EntityType, new BackfillRewriter<T>(upgrade)))
        {
            throw new ArgumentException($"{mapper.EntityType} is already included in the backfill.", nameof(T));
        }

        return this;
    }

    internal bool TryGetRewriter(string entityType, out BackfillRewriter rewriter) => _rewriters.TryGetValue(entityType, out rewriter!);
}

/// <summary>Rewrites items of one entity type to the current model.</summary>
internal abstract class BackfillRewriter
{
    /// <summary>The item as the current model stores it.</summary>
    /// <exception cref="EntityMappingException">The item cannot be decoded, even after the upgrade.</exception>
    public abstract Dictionary<string, AttributeValue> Rewrite(Dictionary<string, AttributeValue> stored);
}

internal sealed class BackfillRewriter<T>(Action<Dictionary<string, AttributeValue>>? upgrade) : BackfillRewriter
    where T : class, IDynamoEntity<T>
{
    public override Dictionary<string, AttributeValue> Rewrite(Dictionary<string, AttributeValue> stored)
    {
        var copy = new Dictionary<string, AttributeValue>(stored, StringComparer.Ordinal);
        upgrade?.Invoke(copy);
        var mapper = T.Mapper;
        return mapper.ToItem(mapper.FromItem(copy));
    }
}
