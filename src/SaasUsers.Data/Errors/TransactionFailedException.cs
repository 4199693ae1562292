using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data;

/// <summary>Why one action of a transaction failed.</summary>
public enum TransactionFailureReason
{
    /// <summary>A create found an item with the same key.</summary>
    ItemAlreadyExists,

    /// <summary>An update, delete or check found no item of the expected type.</summary>
    ItemNotFound,

    /// <summary>The stored version was not the expected one.</summary>
    VersionConflict,

    /// <summary>Another condition of the action did not hold.</summary>
    ConditionFailed,

    /// <summary>Another transaction was changing the item at the same time.</summary>
    TransactionConflict,

    /// <summary>The request was throttled.</summary>
    Throttled,

    /// <summary>DynamoDB found the action invalid.</summary>
    ValidationError,

    /// <summary>Any other reason DynamoDB gives.</summary>
    Other,
}

/// <summary>One failed action of a cancelled transaction.</summary>
/// <param name="Index">The action's position in the transaction (from 0).</param>
/// <param name="Label">The label given when the action was added, if any.</param>
/// <param name="EntityType">The entity type the action wrote or checked.</param>
/// <param name="Key">The item's primary key.</param>
/// <param name="Reason">Why it failed.</param>
/// <param name="Code">DynamoDB's cancellation reason code.</param>
/// <param name="StoredItem">The item as stored when its condition failed, when DynamoDB returned it.</param>
public sealed record TransactionActionFailure(
    int Index,
    string? Label,
    string EntityType,
    PrimaryKey Key,
    TransactionFailureReason Reason,
    string Code,
    Dictionary<string, AttributeValue>? StoredItem)
{
    /// <summary>The version the action expected the stored item to have, if any.</summary>
    public long? ExpectedVersion { get; init; }

    /// <summary>The version the stored item had when the action failed, if known.</summary>
    public long? StoredVersion { get; init; }

    /// <summary>What the action did (<c>create</c>, <c>put</c>, <c>update</c>, <c>upsert</c>, <c>delete</c>, <c>check</c>), for messages.</summary>
    public string Operation { get; init; } = "write";

    /// <summary>
    /// The typed exception this action's failed condition means on its own: <see cref="ItemAlreadyExistsException"/>,
    /// <see cref="ItemNotFoundException"/>, <see cref="VersionConflictException"/> or <see cref="ConditionFailedException"/>
    /// (with <see cref="ConditionFailedException.StoredItem"/>); <see langword="null"/> when the action failed for
    /// another reason (a conflict, throttling, validation).
    /// </summary>
    /// <param name="innerException">The cause to attach, usually the <see cref="TransactionFailedException"/>.</param>
    public ConditionFailedException? ToException(Exception? innerException = null) =>
        ConditionExceptions.Create(Reason, EntityType, Key, ExpectedVersion, StoredVersion, Operation, StoredItem, innerException);
}

/// <summary>
/// DynamoDB cancelled a transaction: none of its actions was applied. <see cref="Failures"/> says which actions
/// failed and why, read from the cancellation reasons.
/// </summary>
public sealed class TransactionFailedException : SaasUsersDataException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="actionCount">How many actions the transaction had.</param>
    /// <param name="failures">The failed actions.</param>
    /// <param name="innerException">The service error.</param>
    public TransactionFailedException(int actionCount, IReadOnlyList<TransactionActionFailure> failures, Exception? innerException = null)
        : base(Describe(actionCount, failures), innerException)
    {
        ActionCount = actionCount;
        Failures = failures;
    }

    /// <summary>How many actions the transaction had.</summary>
    public int ActionCount { get; }

    /// <summary>The failed actions (the others were not applied either).</summary>
    public IReadOnlyList<TransactionActionFailure> Failures { get; }

    /// <summary>The failure of the action with <paramref name="label"/>, or <see langword="null"/>.</summary>
    public TransactionActionFailure? FailureOf(string label) => Failures.FirstOrDefault(f => f.Label == label);

    private static string Describe(int actionCount, IReadOnlyList<TransactionActionFailure> failures)
    {
        var parts = failures.Select(f => $"action {f.Index}{(f.Label is null ? string.Empty : " (" + f.Label + ")")} on {f.EntityType} {f.Key}: {f.Reason}");
        return $"The transaction of {actionCount} actions was cancelled and nothing was written; {string.Join("; ", parts)}.";
    }
}
