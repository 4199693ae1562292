namespace SaasUsers.Data;

/// <summary>An import file has bad lines: nothing was written. The message and <see cref="Lines"/> name each by number.</summary>
public sealed class ImportFileException : SaasUsersDataException
{
    /// <summary>The most bad lines listed.</summary>
    public const int MaxListedLines = 100;

    /// <summary>Creates the exception.</summary>
    public ImportFileException(IReadOnlyList<ImportLineError> lines, long badLineCount)
        : base($"The import file has {badLineCount} bad line{(badLineCount == 1 ? string.Empty : "s")}, so nothing was written: {string.Join("; ", (lines ?? []).Take(10))}{(badLineCount > 10 ? "; ..." : string.Empty)}")
    {
        Lines = lines ?? [];
        BadLineCount = badLineCount;
    }

    /// <summary>The bad lines (at most <see cref="MaxListedLines"/>), in file order.</summary>
    public IReadOnlyList<ImportLineError> Lines { get; }

    /// <summary>How many lines are bad in all.</summary>
    public long BadLineCount { get; }
}
