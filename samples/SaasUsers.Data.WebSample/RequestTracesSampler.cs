using System.Diagnostics;
using OpenTelemetry.Trace;

namespace SaasUsers.Data.WebSample;

/// <summary>
/// Keeps the traces of HTTP requests, with the table calls they make, and drops table calls made outside any request
/// (root client activities: the change feed's background polling, several calls a second, would flood the console).
/// The package's metrics still count every call.
/// </summary>
internal sealed class RequestTracesSampler : Sampler
{
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        new(samplingParameters.ParentContext.TraceId == default && samplingParameters.Kind == ActivityKind.Client
            ? SamplingDecision.Drop
            : SamplingDecision.RecordAndSample);
}
