namespace SaasUsers.Data;

/// <summary>
/// The names under which the package reports traces and metrics, for one-line OpenTelemetry set-up:
/// <c>tracing.AddSource(SaasUsersTelemetry.Name)</c> and <c>metrics.AddMeter(SaasUsersTelemetry.Name)</c>.
/// </summary>
public static class SaasUsersTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/> name: <c>SaasUsers.Data</c>.</summary>
    public const string Name = "SaasUsers.Data";

    /// <summary>Counter of operations (one repository or table call), tagged with operation, entity type and outcome.</summary>
    public const string OperationsMetric = "saasusers.data.operations";

    /// <summary>Histogram of operation durations in seconds.</summary>
    public const string OperationDurationMetric = "saasusers.data.operation.duration";

    /// <summary>Counter of DynamoDB requests sent, tagged with the DynamoDB API name.</summary>
    public const string RequestsMetric = "saasusers.data.requests";

    /// <summary>Counter of consumed capacity units, as DynamoDB reports them.</summary>
    public const string ConsumedCapacityMetric = "saasusers.data.consumed_capacity";
}
