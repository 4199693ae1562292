using System.Text.Json;

namespace SaasUsers.Data.Build.Policy;

/// <summary>
/// The package's least-privilege IAM policy (<c>docs/iam-policy.json</c>) and how a DynamoDB request maps onto it:
/// which IAM actions an API call needs, and whether the package sent it to provision the table or to run. One model,
/// used by the tests (tests/SaasUsers.Data.Tests/Security) and by the build's check of a whole run's requests.
/// </summary>
public sealed class IamPolicy
{
    /// <summary>Statements whose Sid starts with this allow what the application needs at run time.</summary>
    public const string Runtime = "Runtime";

    /// <summary>Statements whose Sid starts with this allow what ensuring (and deleting) the table needs.</summary>
    public const string Provisioning = "Provisioning";

    private IamPolicy(IReadOnlyList<IamStatement> statements) => Statements = statements;

    public IReadOnlyList<IamStatement> Statements { get; }

    /// <summary>The policy of the repository this code runs in.</summary>
    public static string PolicyPath => PathIn(RepositoryRoot());

    public static string PathIn(string repositoryRoot) => Path.Combine(repositoryRoot, "docs", "iam-policy.json");

    public static IamPolicy Load() => Parse(File.ReadAllText(PolicyPath));

    public static IamPolicy Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var statements = document.RootElement.GetProperty("Statement").EnumerateArray().Select(s => new IamStatement(
            s.GetProperty("Sid").GetString()!,
            s.GetProperty("Effect").GetString()!,
            Strings(s.GetProperty("Action")),
            Strings(s.GetProperty("Resource")))).ToArray();
        return new IamPolicy(statements);
    }

    /// <summary>The IAM actions the statements of one group allow.</summary>
    public IReadOnlySet<string> ActionsOf(string group) =>
        Statements.Where(s => s.Sid.StartsWith(group, StringComparison.Ordinal)).SelectMany(s => s.Actions).ToHashSet(StringComparer.Ordinal);

    /// <summary>Which group a request belongs to, from the package operation that sent it (its activity's <c>db.operation.name</c>).</summary>
    public static string GroupOf(string? caller) => caller is "EnsureTable" or "DeleteTable" or "CheckTable" or "Scan" ? Provisioning : Runtime;

    /// <summary>
    /// The IAM actions one DynamoDB API call needs. A transaction is authorized per action it carries: given its
    /// <paramref name="parts"/> (the kinds of action in it: <c>Put</c>, <c>Update</c>, <c>Delete</c>,
    /// <c>ConditionCheck</c>), exactly those; without them, all four. Creating a table also needs <c>TagResource</c>
    /// when it tags the table (part <c>Tags</c>). Any other API maps to the action of its own name, so a call the
    /// policy has never heard of is reported, not ignored.
    /// </summary>
    public static IReadOnlyList<string> RequiredActions(string api, IReadOnlyCollection<string>? parts = null) => api switch
    {
        "TransactWriteItems" when parts is { Count: > 0 } => parts.Select(part => part switch
        {
            "ConditionCheck" => "dynamodb:ConditionCheckItem",
            _ => "dynamodb:" + part + "Item",
        }).ToArray(),
        "TransactWriteItems" => ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem"],
        "CreateTable" when parts?.Contains("Tags") == true => ["dynamodb:CreateTable", "dynamodb:TagResource"],
        _ => ["dynamodb:" + api],
    };

    /// <summary>The folder above this program's binaries that holds SaasUsers.Data.sln.</summary>
    public static string RepositoryRoot() => RepositoryRootAbove(AppContext.BaseDirectory);

    public static string RepositoryRootAbove(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SaasUsers.Data.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No SaasUsers.Data.sln above {start}.");
    }

    private static string[] Strings(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().Select(e => e.GetString()!).ToArray() : [element.GetString()!];
}

/// <summary>One statement of the policy.</summary>
public sealed record IamStatement(string Sid, string Effect, IReadOnlyList<string> Actions, IReadOnlyList<string> Resources);
