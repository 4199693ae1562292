namespace SaasUsers.Data;

/// <summary>
/// A batch did not complete: DynamoDB kept leaving items unprocessed until the retry limit was reached, or a request
/// failed (see <see cref="Exception.InnerException"/>) after part of the batch was already written. Every key not
/// listed in <see cref="UnprocessedKeys"/> was processed; nothing is lost silently.
/// </summary>
public sealed class BatchIncompleteException : SaasUsersDataException
{
    /// <summary>Creates the exception for a batch that reached the retry limit.</summary>
    /// <param name="operation">The batch operation (<c>BatchWriteItem</c> or <c>BatchGetItem</c>).</param>
    /// <param name="unprocessedKeys">The keys left unprocessed.</param>
    /// <param name="attempts">How many times the unprocessed items were sent.</param>
    public BatchIncompleteException(string operation, IReadOnlyList<PrimaryKey> unprocessedKeys, int attempts)
        : this(operation, unprocessedKeys, attempts, innerException: null)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="operation">The batch operation (<c>BatchWriteItem</c> or <c>BatchGetItem</c>).</param>
    /// <param name="unprocessedKeys">The keys not processed: left unprocessed, never sent, or in the request that failed.</param>
    /// <param name="attempts">How many times the last chunk's items were sent.</param>
    /// <param name="innerException">The error that stopped the batch, or <see langword="null"/> when the retry limit did.</param>
    public BatchIncompleteException(string operation, IReadOnlyList<PrimaryKey> unprocessedKeys, int attempts, Exception? innerException)
        : base(Describe(operation, unprocessedKeys, attempts, innerException), innerException)
    {
        Operation = operation;
        UnprocessedKeys = unprocessedKeys;
        Attempts = attempts;
    }

    /// <summary>The batch operation.</summary>
    public string Operation { get; }

    /// <summary>
    /// The keys DynamoDB did not acknowledge: left unprocessed after the last attempt, not sent yet because an earlier
    /// chunk stopped the batch, or sent in the request that failed (those may or may not have been applied; puts and
    /// deletes of a batch can be sent again safely). Every other key of the batch was processed.
    /// </summary>
    public IReadOnlyList<PrimaryKey> UnprocessedKeys { get; }

    /// <summary>How many times the last chunk's items were sent.</summary>
    public int Attempts { get; }

    private static string Describe(string operation, IReadOnlyList<PrimaryKey> keys, int attempts, Exception? innerException)
    {
        var shown = string.Join("; ", keys.Take(10));
        var more = keys.Count > 10 ? $" and {keys.Count - 10} more" : string.Empty;
        return innerException is null
            ? $"{operation} left {keys.Count} items unprocessed after {attempts} attempts: {shown}{more}."
            : $"{operation} failed after part of the batch was processed ({innerException.GetType().Name}: {innerException.Message}); " +
              $"{keys.Count} items were not acknowledged and may or may not have been applied: {shown}{more}.";
    }
}
