using SaasUsers.Data.Mapping;

namespace SaasUsers.Data;

/// <summary>
/// The writes and condition checks of one transaction: all are applied, or none. Each action is validated when
/// it is added, so bad input fails before any request. At most 100 actions, each on a different item.
/// </summary>
public sealed class TransactionBuilder
{
    /// <summary>The most actions DynamoDB accepts in one transaction.</summary>
    public const int MaxActions = 100;

    private readonly List<WriteAction> _actions = [];
    private readonly HashSet<PrimaryKey> _keys = [];

    /// <summary>
    /// The idempotency token sent with the transaction. DynamoDB applies a transaction with the same token once
    /// within ten minutes, so a retried request (after a timeout, say) does not apply twice. When not set, a new
    /// token is made for each call.
    /// </summary>
    public string? ClientRequestToken { get; set; }

    /// <summary>
    /// Turns a failed transaction into the exception its caller should get (a <c>DuplicateEmailException</c> when an
    /// e-mail sentinel already exists, say), or returns <see langword="null"/> to keep the
    /// <see cref="TransactionFailedException"/>. The table throws what it returns and reports that exception on the
    /// operation's activity and metrics, so telemetry names what the caller saw.
    /// </summary>
    public Func<TransactionFailedException, Exception?>? MapFailure { get; set; }

    /// <summary>How many actions the transaction has.</summary>
    public int Count => _actions.Count;

    internal IReadOnlyList<WriteAction> Actions => _actions;

    /// <summary>Creates an entity; fails the transaction when an item with its key exists.</summary>
    /// <param name="entity">The entity (a versioned one is stored with version 1).</param>
    /// <param name="label">A name for the action, to find its failure in <see cref="TransactionFailedException.FailureOf"/>.</param>
    public TransactionBuilder Create<T>(T entity, string? label = null)
        where T : class, IDynamoEntity<T> => Add(WriteAction.Create(entity, label));

    /// <summary>Puts an entity: for a versioned entity, only when the stored version is the entity's version (0: not stored yet).</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="label">A name for the action.</param>
    public TransactionBuilder Put<T>(T entity, string? label = null)
        where T : class, IDynamoEntity<T> => Add(WriteAction.Put(entity, label));

    /// <summary>Updates an existing entity.</summary>
    /// <param name="key">The entity's key.</param>
    /// <param name="update">Describes the update.</param>
    /// <param name="label">A name for the action.</param>
    public TransactionBuilder Update<T>(PrimaryKey key, Action<UpdateBuilder<T>> update, string? label = null)
        where T : class, IDynamoEntity<T>
    {
        ArgumentNullException.ThrowIfNull(update);
        var builder = new UpdateBuilder<T>();
        update(builder);
        return Add(WriteAction.Update(key, builder, label));
    }

    /// <summary>
    /// Creates the entity when there is none, or updates the stored one when the update's condition and expected
    /// version hold (see <see cref="IEntityTable.UpsertAsync"/>).
    /// </summary>
    /// <param name="key">The entity's key.</param>
    /// <param name="update">Describes the update; it must set every attribute a created entity needs.</param>
    /// <param name="label">A name for the action.</param>
    public TransactionBuilder Upsert<T>(PrimaryKey key, Action<UpdateBuilder<T>> update, string? label = null)
        where T : class, IDynamoEntity<T>
    {
        ArgumentNullException.ThrowIfNull(update);
        var builder = new UpdateBuilder<T>();
        update(builder);
        return Add(WriteAction.Upsert(key, builder, label));
    }

    /// <summary>Deletes an existing entity.</summary>
    /// <param name="key">The entity's key.</param>
    /// <param name="expectedVersion">The version the stored entity must have, if any.</param>
    /// <param name="condition">A further condition, if any.</param>
    /// <param name="label">A name for the action.</param>
    public TransactionBuilder Delete<T>(PrimaryKey key, long? expectedVersion = null, ItemCondition<T>? condition = null, string? label = null)
        where T : class, IDynamoEntity<T> => Add(WriteAction.Delete(key, expectedVersion, condition, label));

    /// <summary>Requires an entity to exist (and meet <paramref name="condition"/>) without changing it.</summary>
    /// <param name="key">The entity's key.</param>
    /// <param name="condition">A further condition, if any.</param>
    /// <param name="label">A name for the action.</param>
    public TransactionBuilder Check<T>(PrimaryKey key, ItemCondition<T>? condition = null, string? label = null)
        where T : class, IDynamoEntity<T> => Add(WriteAction.Check(key, condition, label));

    private TransactionBuilder Add(WriteAction action)
    {
        if (_actions.Count == MaxActions)
        {
            throw new ArgumentException($"A transaction holds at most {MaxActions} actions.", "transaction");
        }

        if (action.Label is { } label && _actions.Any(a => a.Label == label))
        {
            throw new ArgumentException($"The transaction already has an action labelled '{label}'; labels name one action each.", nameof(label));
        }

        if (!_keys.Add(action.Key))
        {
            throw new ArgumentException($"The transaction already has an action on {action.Key}; DynamoDB allows one action an item.", "transaction");
        }

        _actions.Add(action);
        return this;
    }
}
