namespace SaasUsers.Data;

/// <summary>
/// Makes sure the table exists and matches the model: creates it when missing (keys, indexes, billing, tags,
/// deletion protection, time to live), survives another process creating it at the same moment, waits until it
/// is ACTIVE, and reports how an existing table differs from the model.
/// </summary>
public interface ITableProvisioner
{
    /// <summary>
    /// Ensures the table. On a table that is ready and matches the model this sends one request
    /// (<c>DescribeTable</c>), or two when the model has a time-to-live attribute (and <c>DescribeTimeToLive</c>).
    /// </summary>
    /// <returns>What was found or done, with any differences that do not stop the table from working.</returns>
    /// <exception cref="TableSchemaMismatchException">The existing table's key schema or indexes differ from the model in a way the repositories cannot work with.</exception>
    /// <exception cref="MissingTableException">The table is missing and <see cref="SaasUsersTableOptions.CreateTableIfMissing"/> is off.</exception>
    /// <exception cref="TimeoutException">The table or an index did not become ACTIVE within <see cref="SaasUsersTableOptions.TableActiveTimeout"/>.</exception>
#pragma warning disable RS0027 // The overload with progress takes a required token, so every call stays unambiguous.
    Task<TableEnsureResult> EnsureTableAsync(CancellationToken cancellationToken = default);
#pragma warning restore RS0027

    /// <summary>
    /// Ensures the table as <see cref="EnsureTableAsync(CancellationToken)"/> does, reporting progress while it waits
    /// for the table or for each index it adds (one <c>UpdateTable</c> an index, DynamoDB's limit; each filled from the
    /// existing items before it is ACTIVE). An existing table is adopted as far as the options allow: missing indexes
    /// are added when <see cref="SaasUsersTableOptions.AddMissingIndexes"/> is on, time to live is enabled when
    /// <see cref="SaasUsersTableOptions.EnableTimeToLive"/> is on. An existing index or the key schema is never
    /// deleted or changed.
    /// </summary>
    /// <param name="progress">Receives progress while the call waits; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call (an index already requested keeps being built by DynamoDB).</param>
    /// <returns>What was found or done.</returns>
    /// <exception cref="TableSchemaMismatchException">The existing table's key schema or indexes differ from the model in a way the repositories cannot work with.</exception>
    /// <exception cref="MissingTableException">The table is missing and <see cref="SaasUsersTableOptions.CreateTableIfMissing"/> is off.</exception>
    /// <exception cref="TimeoutException">The table did not become ACTIVE within <see cref="SaasUsersTableOptions.TableActiveTimeout"/>, or an added index within <see cref="SaasUsersTableOptions.IndexActiveTimeout"/>.</exception>
    Task<TableEnsureResult> EnsureTableAsync(IProgress<TableEnsureProgress>? progress, CancellationToken cancellationToken);

    /// <summary>
    /// Reports exactly how the table differs from the model (key schema, indexes, time to live, stream, billing)
    /// without changing anything (<c>DescribeTable</c>, and <c>DescribeTimeToLive</c> when the model has a
    /// time-to-live attribute).
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The differences, the table's status and its approximate item count.</returns>
    Task<TableCheckResult> CheckTableAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the table and waits until it is gone; for tests and tooling. Guarded: the caller repeats the table
    /// name, and a table with deletion protection is refused by DynamoDB.
    /// </summary>
    /// <param name="confirmTableName">The table name, repeated to confirm.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when the table was deleted, <see langword="false"/> when it did not exist.</returns>
    /// <exception cref="ArgumentException"><paramref name="confirmTableName"/> is not the configured table name.</exception>
    Task<bool> DeleteTableAsync(string confirmTableName, CancellationToken cancellationToken = default);
}
