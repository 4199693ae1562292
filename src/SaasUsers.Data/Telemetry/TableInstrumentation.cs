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
}
