using System.Diagnostics.Metrics;

namespace Fleet.Api.Telemetry;

/// <summary>
/// API requests refused before they did anything, on the meter "Fleet": without a valid token, denied by role, or
/// over the rate limit. They are counted here rather than kept in the audit log, where anyone without a token could
/// otherwise push the real entries out.
/// </summary>
public sealed class RequestMetrics
{
    // On the process's meter, never disposed with a host (TelemetryExtensions.ProcessMeter says why).
    private static readonly Counter<long> Refusals = TelemetryExtensions.ProcessMeter.CreateCounter<long>("fleet_api_requests_refused",
            description: "API requests refused: unauthenticated (401), forbidden (403) or rate_limited (429).");

    /// <summary>Counts one refusal for <paramref name="reason"/>.</summary>
    public void Refused(string reason) => Refusals.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
