using Fleet.Grains.Applying;
using Fleet.Grains.Charts;
using Fleet.Grains.ControlPlane;
using Fleet.Grains.Events;
using Fleet.Grains.Git;
using Fleet.Grains.ImageAutomation;
using Fleet.Grains.Notifications;
using Fleet.Grains.Rendering;
using Fleet.Grains.Repositories;
using Fleet.Grains.Scheduling;
using Fleet.Grains.Security;
using Fleet.Grains.Telemetry;
using Fleet.Grains.Watching;
using Fleet.Reconciler.Kubernetes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.Runtime;

/// <summary>Registers the services Fleet's grains use on every silo: Git, rendering, cluster connections and watches.</summary>
public static class FleetGrainsServiceExtensions
{
    public static IServiceCollection AddFleetGrainServices(this IServiceCollection services, Action<FleetOptions>? configure = null)
    {
        var optionsBuilder = services.AddOptions<FleetOptions>().BindConfiguration("Fleet")
            .Validate(o => o.MaxConcurrentReconciles >= 1, "Fleet:MaxConcurrentReconciles must be at least 1.")
            .Validate(o => o.GitMaxExports >= 1, "Fleet:GitMaxExports must be at least 1.")
            .Validate(o => o.GitExportIdleTime > TimeSpan.Zero, "Fleet:GitExportIdleTime must be a positive duration such as 00:30:00.")
            .ValidateOnStart();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var fleet = sp.GetRequiredService<IOptions<FleetOptions>>().Value;
            var git = new GitMirrorOptions { MaxExports = fleet.GitMaxExports, ExportIdleTime = fleet.GitExportIdleTime };
            if (fleet.GitCacheDirectory is { } directory)
            {
                git.CacheDirectory = directory;
            }
            return git;
        });
        services.TryAddSingleton<IGitMirror, GitMirror>();
        services.TryAddSingleton<IKustomizeRunner, KustomizeRunner>();
        services.TryAddSingleton<HelmRunner>();
        services.TryAddSingleton<ManifestRenderer>();
        services.TryAddSingleton<RenderCache>();
        // One client for every Helm repository: pooled connections, renewed so DNS changes are seen; no automatic
        // decompression (an archive's digest is over its bytes as served).
        services.TryAddSingleton(_ => new ChartSourceClient(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(60) },
            new RenderLimits()));
        services.TryAddSingleton<ChartStore>();
        services.AddFleetClusterConnections();
        services.TryAddSingleton<ClusterConnections>();
        services.TryAddSingleton<ClusterInformers>();
        services.TryAddSingleton<GrainReferences>();
        services.TryAddSingleton<ReconcileGate>();
        // Every silo names the same application so that they share one key ring.
        services.AddDataProtection().SetApplicationName("Fleet");
        services.TryAddSingleton<SecretProtector>();
        // One per process, never disposed with a host: OpenTelemetry drops a series once any instrument of that name
        // is disposed, so a second host in the process (tests, the demo's restarts) would take the first one's away.
        services.TryAddSingleton(FleetMetrics.Process);
        services.AddOptions<ControlPlaneOptions>().BindConfiguration("Fleet:ControlPlane");
        services.TryAddSingleton<ControlPlaneSecrets>();
        services.AddFleetEvents();
        services.AddFleetNotifications();
        services.AddFleetImageAutomation();
        return services;
    }
}
