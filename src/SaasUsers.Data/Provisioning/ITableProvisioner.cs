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
    /// (<c>DescribeTable</c>).
    /// </summary>
    /// <returns>What was found or done, with any differences that do not stop the table from working.</returns>
    /// <exception cref="TableSchemaMismatchException">The existing table's key schema or indexes differ from the model in a way the repositories cannot work with.</exception>
    /// <exception cref="MissingTableException">The table is missing and <see cref="SaasUsersTableOptions.CreateTableIfMissing"/> is off.</exception>
    /// <exception cref="TimeoutException">The table or an index did not become ACTIVE within <see cref="SaasUsersTableOptions.TableActiveTimeout"/>.</exception>
    Task<TableEnsureResult> EnsureTableAsync(CancellationToken cancellationToken = default);

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
