namespace SaasUsers.Data;

/// <summary>
/// Moves items between tables and stages, and hands a user's data over on request, in DynamoDB's own export format:
/// JSON lines, one <c>{"Item": {...}}</c> a line in DynamoDB JSON, as DynamoDB's export to S3 writes it (so its
/// exports import here, and these files import with DynamoDB's import from S3).
/// </summary>
public interface ITableTransfer
{
    /// <summary>Writes the items of <paramref name="scope"/> to <paramref name="destination"/>, one a line.</summary>
    /// <param name="destination">Where the lines go (left open).</param>
    /// <param name="scope">The whole table, some entity types (parallel scans), or one item collection (queries).</param>
    /// <param name="options">Parallelism and rate limit; the defaults when <see langword="null"/>.</param>
    /// <param name="progress">Receives progress; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the export (the destination then holds whole lines only).</param>
    /// <returns>How many items were written.</returns>
    Task<ExportResult> ExportAsync(Stream destination, ExportScope scope, TransferOptions? options = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts the items of an export file into the table (batches of 25, in parallel). The whole file is checked first:
    /// when any line is bad, nothing is written and <see cref="ImportFileException"/> names every bad line by number.
    /// An item with the key of one in the table replaces it, so importing a file again gives the same table.
    /// </summary>
    /// <param name="source">The file: a seekable stream (it is read twice, to check and to write), left open.</param>
    /// <param name="options">Parallelism and rate limit; the defaults when <see langword="null"/>.</param>
    /// <param name="progress">Receives progress; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the import.</param>
    /// <returns>How many items were written.</returns>
    /// <exception cref="ImportFileException">A line is not an item in DynamoDB's export format, has no string PK/SK, is over 400 KB, or repeats a key; nothing was written.</exception>
    /// <exception cref="ImportIncompleteException">DynamoDB refused writes past the retries; the exception lists the lines that may not be written.</exception>
    /// <exception cref="ArgumentException">The stream cannot seek or read.</exception>
    Task<ImportResult> ImportAsync(Stream source, TransferOptions? options = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default);
}
