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
    /// <summary>What the check leaves out, named in every result so that <see cref="Matches"/> is not read as covering it.</summary>
    private static readonly IReadOnlyList<string> Unread =
    [
        "PointInTimeRecovery: not read (the model does not need it; DynamoDB Local has no DescribeContinuousBackups, so the package never depends on it)",
        "Tags: not read (the model does not need them; DynamoDB Local has no ListTagsOfResource)",
    ];

    /// <summary>Whether the table exists and matches the model in every respect the check reads (see <see cref="NotChecked"/>).</summary>
    public bool Matches => Exists && Differences.Count == 0;

    /// <summary>
    /// The settings of the table the check does not read, each with why: point-in-time recovery and tags. An SST
    /// stack's table has both; the package neither needs nor changes them, and their APIs are missing on DynamoDB
    /// Local, where the package is tested. Check them in the AWS console or with the AWS CLI if they matter to you.
    /// </summary>
    public IReadOnlyList<string> NotChecked => Unread;
}
