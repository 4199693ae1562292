using System.Globalization;
using System.Text;

namespace SaasUsers.Data.Build.Policy;

/// <summary>One line of the operations file: a (policy group, IAM action, DynamoDB API, package operation) and its requests.</summary>
public sealed record DynamoDbOperation(string Group, string Action, string Api, string Caller, int Requests);

/// <summary>
/// The file the test assembly writes when the run ends (named by SAASUSERS_DYNAMODB_OPERATIONS_FILE): every DynamoDB
/// request the package sent, as the IAM actions it needs. Written by <see cref="Describe"/> (the tests'
/// SuiteRecordsFixture) and read by <see cref="Parse"/> (the build's policy check): one format, one home.
/// </summary>
public static class DynamoDbOperationsFile
{
    public const string Variable = "SAASUSERS_DYNAMODB_OPERATIONS_FILE";

    public const string DefaultName = "dynamodb-operations.txt";

    /// <summary>One line a (group, IAM action, API, package operation) with its count, sorted.</summary>
    /// <param name="requests">Each request: its API, the package operation that sent it, and its parts (see <see cref="IamPolicy.RequiredActions"/>).</param>
    public static string Describe(IEnumerable<(string Api, string? Caller, IReadOnlyCollection<string> Parts)> requests)
    {
        var builder = new StringBuilder()
            .Append("# DynamoDB requests SaasUsers.Data sent during the test run, as the IAM actions they need.\n")
            .Append("# <policy group> <IAM action> <DynamoDB API> <package operation> <requests>\n");
        var lines = requests
            .SelectMany(r => IamPolicy.RequiredActions(r.Api, r.Parts).Select(action => (Group: IamPolicy.GroupOf(r.Caller).ToLowerInvariant(), Action: action, r.Api, Caller: r.Caller ?? "-")))
            .GroupBy(l => l)
            .Select(g => $"{g.Key.Group} {g.Key.Action} {g.Key.Api} {g.Key.Caller} {g.Count().ToString(CultureInfo.InvariantCulture)}")
            .Order(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            builder.Append(line).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>The lines of a file <see cref="Describe"/> wrote; comments and blank lines are skipped.</summary>
    public static IReadOnlyList<DynamoDbOperation> Parse(string text)
    {
        var operations = new List<DynamoDbOperation>();
        foreach (var (line, number) in text.Split('\n').Select((line, index) => (line.Trim(), index + 1)))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 5 || !int.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                throw new FormatException($"Line {number} of the operations file is not '<group> <IAM action> <API> <operation> <requests>': {line}");
            }

            operations.Add(new DynamoDbOperation(fields[0], fields[1], fields[2], fields[3], count));
        }

        return operations;
    }
}
