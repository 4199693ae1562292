namespace SaasUsers.Data;

/// <summary>
/// An import stopped partway (DynamoDB refused or throttled writes past the retries): the items of
/// <see cref="UnwrittenLines"/> may not be in the table. Importing the same file again is safe: it puts the same
/// items again.
/// </summary>
public sealed class ImportIncompleteException : SaasUsersDataException
{
    /// <summary>Creates the exception.</summary>
    public ImportIncompleteException(long itemsWritten, IReadOnlyList<long> unwrittenLines, Exception innerException)
        : base($"The import stopped after writing {itemsWritten} items; {unwrittenLines?.Count ?? 0} lines may not be written (first: {string.Join(", ", (unwrittenLines ?? []).Take(10))}). Import the file again: it is idempotent. Cause: {innerException?.Message}", innerException)
    {
        ItemsWritten = itemsWritten;
        UnwrittenLines = unwrittenLines ?? [];
    }

    /// <summary>The items known to be written.</summary>
    public long ItemsWritten { get; }

    /// <summary>The numbers of the lines whose items may not be written, in order.</summary>
    public IReadOnlyList<long> UnwrittenLines { get; }
}
