using System.Globalization;
using System.Text;
using SaasUsers.Data.Testing;
using SaasUsers.Data.Tests.Reliability.Support;
using SaasUsers.Data.Tests.Security;
using Xunit;

// Records every DynamoDB request the package sends during the whole run, and writes it out at the end.
[assembly: AssemblyFixture(typeof(SuiteRecordsFixture))]

namespace SaasUsers.Data.Tests.Security;

/// <summary>
/// Turns on <see cref="DynamoDbLocal.SuiteRequestLog"/> for the whole test run, recording the requests the package
/// sends (those inside a <c>SaasUsers.Data</c> activity; a test's own Scan is not the package's), and when the run
/// ends writes them, as IAM actions, to the file named by <c>SAASUSERS_DYNAMODB_OPERATIONS_FILE</c> (set by
/// <c>eng/test.sh</c>, which checks the file against <c>docs/iam-policy.json</c> and counts that as a test), with the
/// reliability figures next to it.
/// </summary>
public sealed class SuiteRecordsFixture : IAsyncLifetime
{
    public const string OperationsFileVariable = "SAASUSERS_DYNAMODB_OPERATIONS_FILE";

    /// <summary>The run's log of the package's requests.</summary>
    public static DynamoDbRequestLog Log { get; } = new(SaasUsersTelemetry.Name);

    public ValueTask InitializeAsync()
    {
        DynamoDbLocal.SuiteRequestLog = Log;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        DynamoDbLocal.SuiteRequestLog = null;
        if (Environment.GetEnvironmentVariable(OperationsFileVariable) is not { Length: > 0 } path)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, Describe(Log.Requests));
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "reliability-figures.txt"), ReliabilityFigures.Describe());
    }

    /// <summary>One line a (group, IAM action, API, package operation) with its count, sorted.</summary>
    public static string Describe(IReadOnlyList<DynamoDbRecordedRequest> requests)
    {
        var builder = new StringBuilder()
            .Append("# DynamoDB requests SaasUsers.Data sent during the test run, as the IAM actions they need.\n")
            .Append("# <policy group> <IAM action> <DynamoDB API> <package operation> <requests>\n");
        var lines = requests
            .SelectMany(r => IamPolicy.RequiredActions(r.Operation).Select(action => (Group: IamPolicy.GroupOf(r.Caller).ToLowerInvariant(), Action: action, r.Operation, Caller: r.Caller ?? "-")))
            .GroupBy(l => l)
            .Select(g => $"{g.Key.Group} {g.Key.Action} {g.Key.Operation} {g.Key.Caller} {g.Count().ToString(CultureInfo.InvariantCulture)}")
            .Order(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            builder.Append(line).Append('\n');
        }

        return builder.ToString();
    }
}
