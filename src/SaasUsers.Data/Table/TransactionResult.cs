using SaasUsers.Data.Mapping;

namespace SaasUsers.Data;

/// <summary>
/// What a committed transaction wrote: the entities its creates and puts stored (with their new versions) and the
/// version each versioned write left, so a caller never re-derives "a create is version 1".
/// </summary>
public sealed class TransactionResult
{
    private readonly IReadOnlyList<WriteAction> _actions;

    internal TransactionResult(IReadOnlyList<WriteAction> actions) => _actions = actions;

    /// <summary>How many actions the transaction applied.</summary>
    public int Count => _actions.Count;

    /// <summary>The entity a create or put labelled <paramref name="label"/> stored, with its new version.</summary>
    /// <typeparam name="T">The entity type.</typeparam>
    /// <param name="label">The label given when the action was added.</param>
    /// <exception cref="ArgumentException">No action has the label, or it is not a create or put of <typeparamref name="T"/>.</exception>
    public T Written<T>(string label)
        where T : class, IDynamoEntity<T> =>
        Find(label).WrittenEntity as T
            ?? throw new ArgumentException($"The action labelled '{label}' is not a create or put of {T.Mapper.EntityType}.", nameof(label));

    /// <summary>
    /// The version the action labelled <paramref name="label"/> stored: 1 for a create, the next version for a put
    /// and for an update or upsert that expected a version; <see langword="null"/> for other actions and unversioned
    /// entities.
    /// </summary>
    /// <param name="label">The label given when the action was added.</param>
    /// <exception cref="ArgumentException">No action has the label.</exception>
    public long? VersionOf(string label) => Find(label).WrittenVersion;

    private WriteAction Find(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        foreach (var action in _actions)
        {
            if (action.Label == label)
            {
                return action;
            }
        }

        throw new ArgumentException($"The transaction has no action labelled '{label}'.", nameof(label));
    }
}
