namespace SaasUsers.Data;

/// <summary>The result of <see cref="ITableProvisioner.CheckTableAsync"/>: how the table differs from the model, changing nothing.</summary>
/// <param name="TableName">The table name.</param>
/// <param name="Exists">Whether the table exists.</param>
/// <param name="Status">The table's status (<c>ACTIVE</c>, <c>UPDATING</c>, ...), or <see langword="null"/> when it does not exist.</param>
/// <param name="Differences">Every difference from the model; <see cref="TableDifference.Blocking"/> marks those the repositories cannot work with as the options stand.</param>
/// <param name="ApproximateItemCount">The item count DynamoDB reports (updated about every six hours on AWS), or <see langword="null"/>.</param>
/// <param name="RequestCount">How many DynamoDB requests the check sent.</param>
public sealed record TableCheckResult(
    string TableName,
    bool Exists,
    string? Status,
    IReadOnlyList<TableDifference> Differences,
    long? ApproximateItemCount,
    int RequestCount)
{
    /// <summary>Whether the table exists and matches the model in every respect.</summary>
    public bool Matches => Exists && Differences.Count == 0;
}
