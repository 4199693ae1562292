namespace SaasUsers.Data;

/// <summary>One way an existing table differs from the model.</summary>
/// <param name="Subject">What differs: <c>KeySchema</c>, an index name, <c>BillingMode</c>, ...</param>
/// <param name="Expected">What the model expects.</param>
/// <param name="Actual">What the table has.</param>
/// <param name="Blocking">Whether the repositories cannot work with the table as it is.</param>
public sealed record TableDifference(string Subject, string Expected, string Actual, bool Blocking)
{
    /// <summary>Describes the difference in one line.</summary>
    public override string ToString() => $"{Subject}: expected {Expected}, found {Actual}";
}
