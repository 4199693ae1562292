using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace SaasUsers.Data.Tests.Reliability.Support;

/// <summary>
/// Counts what the reliability and security tests did during a run (operations, faults, bad inputs, items checked
/// and lost), for docs/reliability.md. <see cref="SuiteRecordsFixture"/> writes the totals when the run ends.
/// </summary>
public static class ReliabilityFigures
{
    private static readonly ConcurrentDictionary<string, long> Counters = new(StringComparer.Ordinal);

    public const string OperationsRun = "operations run";
    public const string FaultsInjected = "faults injected (throttling, 5xx, unprocessed items, cancelled transactions)";
    public const string ContainerFaults = "container faults (pauses and stops of a private DynamoDB Local)";
    public const string BadInputsTried = "bad inputs tried";
    public const string InjectionAttempts = "key-injection and cursor attempts";
    public const string WritesChecked = "acknowledged writes checked";
    public const string ItemsLost = "items lost";

    public static void Add(string counter, long amount) => Counters.AddOrUpdate(counter, amount, (_, value) => value + amount);

    public static string Describe()
    {
        var builder = new StringBuilder();
        foreach (var name in new[] { OperationsRun, FaultsInjected, ContainerFaults, BadInputsTried, InjectionAttempts, WritesChecked, ItemsLost })
        {
            builder.Append(Counters.GetValueOrDefault(name).ToString(CultureInfo.InvariantCulture)).Append('\t').Append(name).Append('\n');
        }

        foreach (var (name, value) in Counters.Where(c => c.Key.StartsWith("soak ", StringComparison.Ordinal)).OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            builder.Append(value.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(name).Append('\n');
        }

        return builder.ToString();
    }
}
