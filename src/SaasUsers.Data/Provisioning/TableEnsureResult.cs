namespace SaasUsers.Data;

/// <summary>What ensuring the table found or did.</summary>
public enum TableEnsureOutcome
{
    /// <summary>The table existed, ready and matching the model.</summary>
    AlreadyExisted,

    /// <summary>This call created the table.</summary>
    Created,

    /// <summary>Another process was creating the table at the same moment; this call waited for it.</summary>
    CreatedConcurrently,

    /// <summary>The table existed and this call added the global secondary indexes it lacked.</summary>
    IndexesAdded,

    /// <summary>The table existed and this call enabled its stream (<see cref="SaasUsersTableOptions.EnableStream"/>).</summary>
    StreamEnabled,

    /// <summary>The table existed and this call turned on its time to live (and added no index).</summary>
    TimeToLiveEnabled,
}

/// <summary>The result of <see cref="ITableProvisioner.EnsureTableAsync(CancellationToken)"/>.</summary>
/// <param name="TableName">The table name.</param>
/// <param name="Outcome">What was found or done.</param>
/// <param name="RequestCount">How many DynamoDB requests the call sent.</param>
/// <param name="AddedIndexes">The indexes this call added.</param>
/// <param name="Differences">Differences from the model that remain and do not stop the repositories from working (billing mode, extra indexes, time to live off, a stream, ...).</param>
public sealed record TableEnsureResult(
    string TableName,
    TableEnsureOutcome Outcome,
    int RequestCount,
    IReadOnlyList<string> AddedIndexes,
    IReadOnlyList<TableDifference> Differences)
{
    /// <summary>Whether this call turned on time to live on an existing table (a new table always gets it).</summary>
    public bool TimeToLiveEnabled { get; init; }
}
