namespace SaasUsers.Data;

/// <summary>The primary key of one item: its partition key (<c>PK</c>) and sort key (<c>SK</c>) values.</summary>
/// <param name="PartitionKey">The partition key value, for example <c>USER#42</c>.</param>
/// <param name="SortKey">The sort key value, for example <c>PROFILE</c>.</param>
public readonly record struct PrimaryKey(string PartitionKey, string SortKey)
{
    /// <summary>Returns <c>PK/SK</c>, for messages and logs.</summary>
    public override string ToString() => PartitionKey + " / " + SortKey;
}
