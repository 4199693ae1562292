namespace SaasUsers.Data;

/// <summary>How an export or import runs.</summary>
public sealed record TransferOptions
{
    /// <summary>
    /// How many workers run at once: scan segments for an export of the table or of entity types, batch writers for
    /// an import. 1 to 64. Defaults to 4.
    /// </summary>
    public int Parallelism { get; init; } = 4;

    /// <summary>The most capacity units a second the transfer consumes; <see langword="null"/> for no limit. Defaults to null.</summary>
    public double? CapacityUnitsPerSecond { get; init; }
}

/// <summary>How far an export or import is.</summary>
/// <param name="Items">Items exported or imported so far.</param>
/// <param name="TotalItems">The items in all, when known: the lines of an import file; for an export, the table's approximate item count (or null).</param>
/// <param name="Elapsed">Time since the transfer started.</param>
/// <param name="ItemsPerSecond">Items a second so far.</param>
/// <param name="EstimatedRemaining">The time left at the current rate, when the total is known.</param>
public sealed record TransferProgress(long Items, long? TotalItems, TimeSpan Elapsed, double ItemsPerSecond, TimeSpan? EstimatedRemaining);

/// <summary>What an export wrote.</summary>
/// <param name="Items">The items written, one a line.</param>
/// <param name="Elapsed">How long it took.</param>
public sealed record ExportResult(long Items, TimeSpan Elapsed);

/// <summary>What an import wrote.</summary>
/// <param name="Items">The items written.</param>
/// <param name="Lines">The lines read (blank lines included).</param>
/// <param name="Elapsed">How long it took (both passes: checking the file, then writing).</param>
public sealed record ImportResult(long Items, long Lines, TimeSpan Elapsed);

/// <summary>One bad line of an import file.</summary>
/// <param name="LineNumber">The line's number, from 1.</param>
/// <param name="Error">What is wrong with it.</param>
public sealed record ImportLineError(long LineNumber, string Error)
{
    /// <summary>Returns <c>line N: error</c>.</summary>
    public override string ToString() => $"line {LineNumber}: {Error}";
}
