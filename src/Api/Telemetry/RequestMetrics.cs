using System.Diagnostics.Metrics;

namespace Fleet.Api.Telemetry;

/// <summary>
/// API requests refused before they did anything, on the meter "Fleet": without a valid token, denied by role, or
/// over the rate limit. They are counted here rather than kept in the audit log, where anyone without a token could
/// otherwise push the real entries out.
/// </summary>
public sealed class RequestMetrics
{
    private readonly Counter<long> _refused;

    /// <summary>Creates the counter on the shared "Fleet" meter.</summary>
    public RequestMetrics(IMeterFactory meters) =>
        _refused = meters.Create(TelemetryExtensions.MeterName).CreateCounter<long>("fleet_api_requests_refused",
            description: "API requests refused: unauthenticated (401), forbidden (403) or rate_limited (429).");

    /// <summary>Counts one refusal for <paramref name="reason"/>.</summary>
    public void Refused(string reason) => _refused.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
