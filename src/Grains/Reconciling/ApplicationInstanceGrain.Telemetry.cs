using Fleet.Engine.Status;
using Fleet.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Grains.Reconciling;

/// <summary>Metrics and traces of an instance: the per-silo status registry, reconcile timing, sync counts.</summary>
public sealed partial class ApplicationInstanceGrain
{
    private FleetMetrics? _metrics;

    // Resolved here rather than in the primary constructor so that telemetry stays out of the grain's other parts.
    private FleetMetrics Metrics => _metrics ??= ServiceProvider.GetRequiredService<FleetMetrics>();

    private void ForgetMetrics()
    {
        var (application, cluster) = Names;
        Metrics.RemoveInstance(this, application, cluster);
    }

    private ReconcileMeasurement MeasureReconcile()
    {
        var (application, cluster) = Names;
        return new ReconcileMeasurement(Metrics, application, cluster, () => (state.State.Status.Sync.ToString(), state.State.Status.Revision));
    }

    private void ReportStatusMetric(InstanceStatus status)
    {
        var (application, cluster) = Names;
        Metrics.SetInstanceStatus(this, application, cluster, status.Sync.ToString(), status.Health.ToString());
    }
}
