using SaasUsers.Data.Build.Policy;
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
/// the build program's test command, which checks it against <c>docs/iam-policy.json</c> and counts that as a test), with the
/// reliability figures next to it.
/// </summary>
public sealed class SuiteRecordsFixture : IAsyncLifetime
{
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
        if (Environment.GetEnvironmentVariable(DynamoDbOperationsFile.Variable) is not { Length: > 0 } path)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, DynamoDbOperationsFile.Describe(Log.Requests.Select(r => (r.Operation, r.Caller, (IReadOnlyCollection<string>)r.Parts))));
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "reliability-figures.txt"), ReliabilityFigures.Describe());
    }
}
