using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace SaasUsers.Data.Telemetry;

/// <summary>The package's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, and the instruments on it.</summary>
internal static class TableInstrumentation
{
    private static readonly string Version =
        typeof(TableInstrumentation).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static readonly ActivitySource ActivitySource = new(SaasUsersTelemetry.Name, Version);

    public static readonly Meter Meter = new(SaasUsersTelemetry.Name, Version);

    public static readonly Counter<long> Operations =
        Meter.CreateCounter<long>(SaasUsersTelemetry.OperationsMetric, "{operation}", "Operations on the SaasUsers table.");

    public static readonly Histogram<double> OperationDuration =
        Meter.CreateHistogram<double>(SaasUsersTelemetry.OperationDurationMetric, "s", "Duration of operations on the SaasUsers table.");

    public static readonly Counter<long> Requests =
        Meter.CreateCounter<long>(SaasUsersTelemetry.RequestsMetric, "{request}", "DynamoDB requests sent.");

    public static readonly Counter<double> ConsumedCapacity =
        Meter.CreateCounter<double>(SaasUsersTelemetry.ConsumedCapacityMetric, "{capacity_unit}", "Capacity units DynamoDB reported as consumed.");

    /// <summary>Starts the scope of one operation; dispose it when the operation ends.</summary>
    public static OperationScope Start(string operation, string tableName, string? entityType) => new(operation, tableName, entityType);

    /// <summary>
    /// Runs one operation in its own scope, which an exception leaving <paramref name="operation"/> marks failed with
    /// its type. The provisioner's operations and the health check run through here (the table's operations open
    /// their scope with <see cref="Start"/> and mark failures where they translate the SDK's exceptions).
    /// </summary>
    public static async Task<T> RunAsync<T>(string operationName, string tableName, string? entityType, Func<OperationScope, Task<T>> operation)
    {
        using var scope = Start(operationName, tableName, entityType);
        try
        {
            return await operation(scope).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            scope.Fail(exception);
            throw;
        }
    }
}
