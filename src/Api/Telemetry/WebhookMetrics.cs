using System.Diagnostics.Metrics;

namespace Fleet.Api.Telemetry;

/// <summary>Webhook deliveries on the meter "Fleet", by provider and result (bounded tags).</summary>
public sealed class WebhookMetrics
{
    // On the process's meter, never disposed with a host (TelemetryExtensions.ProcessMeter says why).
    private static readonly Counter<long> Deliveries = TelemetryExtensions.ProcessMeter.CreateCounter<long>("fleet_webhook_received",
            description: "Webhook deliveries by provider (github, gitlab, generic) and result.");

    /// <summary>Counts one delivery.</summary>
    public void Received(string provider, string result) =>
        Deliveries.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("result", result));
}
