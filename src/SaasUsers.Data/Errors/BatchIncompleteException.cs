namespace SaasUsers.Data;

/// <summary>
/// DynamoDB kept leaving items of a batch unprocessed until the retry limit was reached. Every key not listed
/// in <see cref="UnprocessedKeys"/> was processed; nothing is lost silently.
/// </summary>
public sealed class BatchIncompleteException : SaasUsersDataException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="operation">The batch operation (<c>BatchWriteItem</c> or <c>BatchGetItem</c>).</param>
    /// <param name="unprocessedKeys">The keys left unprocessed.</param>
    /// <param name="attempts">How many times the unprocessed items were sent.</param>
    public BatchIncompleteException(string operation, IReadOnlyList<PrimaryKey> unprocessedKeys, int attempts)
        : base(Describe(operation, unprocessedKeys, attempts))
    {
        Operation = operation;
        UnprocessedKeys = unprocessedKeys;
        Attempts = attempts;
    }

    /// <summary>The batch operation.</summary>
    public string Operation { get; }

    /// <summary>The keys DynamoDB left unprocessed after the last attempt.</summary>
    public IReadOnlyList<PrimaryKey> UnprocessedKeys { get; }

    /// <summary>How many times the unprocessed items were sent.</summary>
    public int Attempts { get; }

    private static string Describe(string operation, IReadOnlyList<PrimaryKey> keys, int attempts)
    {
        var shown = string.Join("; ", keys.Take(10));
        var more = keys.Count > 10 ? $" and {keys.Count - 10} more" : string.Empty;
        return $"{operation} left {keys.Count} items unprocessed after {attempts} attempts: {shown}{more}.";
    }
}
