using System.Diagnostics.Metrics;

namespace Fleet.Api.Telemetry;

/// <summary>Webhook deliveries on the meter "Fleet", by provider and result (bounded tags).</summary>
public sealed class WebhookMetrics
{
    private readonly Counter<long> _received;

    /// <summary>Creates the counter on the shared "Fleet" meter.</summary>
    public WebhookMetrics(IMeterFactory meters) =>
        _received = meters.Create(TelemetryExtensions.MeterName).CreateCounter<long>("fleet_webhook_received",
            description: "Webhook deliveries by provider (github, gitlab, generic) and result.");

    /// <summary>Counts one delivery.</summary>
    public void Received(string provider, string result) =>
        _received.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("result", result));
}
