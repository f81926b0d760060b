using System.Diagnostics;

namespace Fleet.Grains.Telemetry;

/// <summary>
/// Times one reconcile and carries its span; on dispose records the duration histogram with the result that
/// <c>outcome</c> reports then (the instance's sync status after the reconcile) and tags the span.
/// </summary>
public sealed class ReconcileMeasurement : IDisposable
{
    private readonly FleetMetrics _metrics;
    private readonly Func<(string Result, string? Revision)> _outcome;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Activity? _activity;

    /// <summary>Starts timing and the "reconcile" span of <paramref name="application"/> on <paramref name="cluster"/>.</summary>
    public ReconcileMeasurement(FleetMetrics metrics, string application, string cluster, Func<(string Result, string? Revision)> outcome)
    {
        _metrics = metrics;
        _outcome = outcome;
        _activity = FleetMetrics.ActivitySource.StartActivity("reconcile");
        _activity?.SetTag("fleet.application", application);
        _activity?.SetTag("fleet.cluster", cluster);
    }

    /// <summary>Records the duration and ends the span.</summary>
    public void Dispose()
    {
        var (result, revision) = _outcome();
        _metrics.RecordReconcile(Stopwatch.GetElapsedTime(_started), result);
        if (_activity is not null)
        {
            _activity.SetTag("fleet.revision", revision);
            _activity.SetTag("fleet.result", result);
            _activity.Dispose();
        }
    }
}
