namespace SaasUsers.Data.Build.Policy;

/// <summary>The outcome of checking a run's requests against the policy: how many lines, and what the policy lacks.</summary>
public sealed record IamPolicyCheckResult(int Checked, IReadOnlyList<string> Problems)
{
    public bool Passed => Problems.Count == 0;
}

/// <summary>
/// Checks every line of a run's operations file against the statements of the policy whose Sid starts with the line's
/// group (runtime → Runtime..., provisioning → Provisioning...).
/// </summary>
public static class IamPolicyCheck
{
    public static IamPolicyCheckResult Check(IamPolicy policy, IReadOnlyList<DynamoDbOperation> operations)
    {
        var problems = new List<string>();
        if (policy.Statements.Sum(s => s.Actions.Count) == 0)
        {
            problems.Add("the policy allows no actions at all");
        }

        foreach (var operation in operations)
        {
            var group = new[] { IamPolicy.Runtime, IamPolicy.Provisioning }.FirstOrDefault(g => string.Equals(g, operation.Group, StringComparison.OrdinalIgnoreCase));
            if (group is null)
            {
                problems.Add($"the operations file names group '{operation.Group}', which is neither {IamPolicy.Runtime} nor {IamPolicy.Provisioning}");
            }
            else if (!policy.ActionsOf(group).Contains(operation.Action))
            {
                problems.Add($"the package sent {operation.Api} ({operation.Requests} requests, from {operation.Caller}), which needs {operation.Action}, but the policy does not allow it in a {group} statement");
            }
        }

        return new IamPolicyCheckResult(operations.Count, problems);
    }
}
