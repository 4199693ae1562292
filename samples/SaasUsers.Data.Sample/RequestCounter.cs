using System.Diagnostics.Metrics;

namespace SaasUsers.Data.Sample;

/// <summary>
/// Counts the DynamoDB requests the package sends and the capacity they consume, from the package's own metrics
/// (<see cref="SaasUsersTelemetry"/>): the numbers an OpenTelemetry exporter would get.
/// </summary>
internal sealed class RequestCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _requests;
    private double _capacityUnits;

    public RequestCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SaasUsersTelemetry.Name &&
                instrument.Name is SaasUsersTelemetry.RequestsMetric or SaasUsersTelemetry.ConsumedCapacityMetric)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _requests, value));
        _listener.SetMeasurementEventCallback<double>((_, value, _, _) => AddCapacity(value));
        _listener.Start();
    }

    /// <summary>DynamoDB requests sent since this counter was created.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Capacity units DynamoDB reported as consumed since this counter was created.</summary>
    public double CapacityUnits => Volatile.Read(ref _capacityUnits);

    public void Dispose() => _listener.Dispose();

    private void AddCapacity(double value)
    {
        double seen, sum;
        do
        {
            seen = Volatile.Read(ref _capacityUnits);
            sum = seen + value;
        }
        while (Interlocked.CompareExchange(ref _capacityUnits, sum, seen) != seen);
    }
}
