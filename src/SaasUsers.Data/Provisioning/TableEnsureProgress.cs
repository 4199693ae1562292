namespace SaasUsers.Data;

/// <summary>
/// Where ensuring the table is, reported while it waits: for each index it adds, its status and (on AWS) how far
/// DynamoDB has filled it from the existing items.
/// </summary>
/// <param name="Step">What is happening, in words (for example <c>Adding index GSI2 (1 of 3)</c>).</param>
/// <param name="IndexName">The index being added, or <see langword="null"/> while waiting for the table itself.</param>
/// <param name="IndexPosition">Which of the indexes to add this is (1-based), or 0 while waiting for the table.</param>
/// <param name="IndexCount">How many indexes this call adds.</param>
/// <param name="Status">The table's or index's status as DynamoDB describes it (<c>CREATING</c>, <c>ACTIVE</c>, ...).</param>
/// <param name="Backfilling">Whether DynamoDB is filling the index from the existing items.</param>
/// <param name="IndexItemCount">The items in the index so far, as DynamoDB reports it (updated about every six hours on AWS).</param>
/// <param name="TableItemCount">The items in the table, as DynamoDB reports it.</param>
/// <param name="Elapsed">How long this wait has lasted.</param>
/// <param name="Timeout">How long it may last (<see cref="SaasUsersTableOptions.IndexActiveTimeout"/> or <see cref="SaasUsersTableOptions.TableActiveTimeout"/>).</param>
public sealed record TableEnsureProgress(
    string Step,
    string? IndexName,
    int IndexPosition,
    int IndexCount,
    string Status,
    bool Backfilling,
    long? IndexItemCount,
    long? TableItemCount,
    TimeSpan Elapsed,
    TimeSpan Timeout);
