using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Clusters;
using Fleet.Grains.Interfaces.ControlPlane;
using Fleet.Grains.Interfaces.Repositories;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;

namespace Fleet.Demo;

/// <summary>
/// The demo (<c>dotnet run --project tools/Demo</c>): starts the Kubernetes API simulator with three clusters (dev,
/// staging, prod, labelled env=), seeds a local Git repository with sample applications (plain manifests, Kustomize
/// overlays, a Helm chart with values per environment), registers everything, and
/// prints a compact live status.
/// </summary>
public sealed class DemoMode(IGrainFactory grains, IServer server, IHostApplicationLifetime lifetime, IConfiguration configuration,
    DemoSimulator simulatorHolder, DemoCommandLine commandLine) : BackgroundService
{
    private static readonly string[] Environments = ["dev", "staging", "prod"];
    private static readonly string[] Applications = ["guestbook", "podinfo", "shop", "storefront"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WaitForStartAsync(stoppingToken);
        var simulator = await simulatorHolder.StartAsync(Environments, stoppingToken);
        var repositoryPath = configuration["Demo:Repository"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : DemoRepository.DefaultDirectory(Environment.GetEnvironmentVariable);
        var created = await DemoRepository.CreateAsync(repositoryPath, commandLine.Reset, stoppingToken);

        foreach (var env in Environments)
        {
            await grains.GetGrain<IClusterGrain>(env).RegisterAsync(new ClusterRegistration
            {
                Server = simulator.ClusterUrl(env),
                Labels = new Dictionary<string, string> { ["env"] = env },
            });
        }
        await grains.GetGrain<IRepositoryGrain>("demo").RegisterAsync(new RepositorySpec { Url = repositoryPath, Branch = "main", PollIntervalSeconds = 5 });
        var everywhere = new Destination { Clusters = Environments, Namespace = "default" };
        var policy = new SyncPolicy { Automated = true, Prune = true, SelfHeal = true };
        // guestbook and shop are documents in the repository's fleet/ folder, written to Fleet by this app of apps.
        await grains.GetGrain<IApplicationGrain>("fleet").PutAsync(new ApplicationSpec
        {
            Repository = "demo",
            Path = "fleet",
            Destination = new Destination { ControlPlane = true },
            SyncPolicy = policy,
        });
        // Written before the first status line, so that it counts every instance from the start.
        await grains.GetGrain<IControlPlaneApplicationGrain>("fleet").ReconcileAsync(force: false);
        await grains.GetGrain<IApplicationGrain>("podinfo").PutAsync(new ApplicationSpec { Repository = "demo", Path = "podinfo/overlays/{{cluster.labels.env}}", Destination = everywhere, SyncPolicy = policy });
        await grains.GetGrain<IApplicationGrain>("storefront").PutAsync(new ApplicationSpec
        {
            Repository = "demo",
            Path = "charts/shop",
            Destination = everywhere,
            SyncPolicy = policy,
            Helm = new HelmSettings { ValueFiles = ["values-{{cluster.labels.env}}.yaml"] },
        });

        var api = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "(unknown)";
        var origin = created
            ? "created"
            : $"reused from an earlier run, with any commits made there; {DemoCommandLine.ResetSwitch} starts afresh";
        Console.WriteLine($"""

            Fleet demo
              Web UI:           {api}/   (sign in with the admin token printed above, or FLEET_ADMIN_TOKEN if you set it)
              API:              {api}   (try {api}/api/v1/fleet and {api}/api/v1/applications/guestbook)
              Git repository:   {repositoryPath}   ({origin})
                                commit there; Fleet polls every 5 s
              Kubernetes:       {simulator.ClusterUrl("dev")}   (also /clusters/staging and /clusters/prod; kubectl --server works)

            """);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Console.WriteLine(await StatusAsync().WaitAsync(stoppingToken));
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Ctrl+C: the host stops the silo next, then disposes the simulator (DemoSimulator).
        }
    }

    /// <summary>
    /// The status lines, counted from the applications' own views: the fleet summary is filled by batched reports
    /// and reads 0/2 for the first seconds, while every instance the applications target is known at once.
    /// </summary>
    private async Task<string> StatusAsync()
    {
        var clusters = await Task.WhenAll(Environments.Select(env => grains.GetGrain<IClusterGrain>(env).GetAsync()));
        var views = await Task.WhenAll(Applications.Select(name => grains.GetGrain<IApplicationGrain>(name).GetAsync()));
        var instances = views.OfType<ApplicationView>().SelectMany(v => v.Instances).ToList();
        var lines = new List<string>
        {
            $"[{DateTime.Now:HH:mm:ss}] clusters {clusters.Count(c => c?.Connectivity == Connectivity.Connected)}/{Environments.Length} connected; "
            + $"instances {instances.Count(i => i.Sync == SyncStatus.Synced)}/{instances.Count} synced, "
            + $"{Count(instances, HealthStatus.Healthy)} healthy, {Count(instances, HealthStatus.Progressing)} progressing, {Count(instances, HealthStatus.Degraded)} degraded",
        };
        foreach (var view in views.OfType<ApplicationView>())
        {
            lines.Add($"  {view.Name,-10} " + string.Join("  ", view.Instances.Select(i => $"{i.Cluster}:{i.Sync}/{i.Health}@{Short(i.Revision)}")));
        }
        return string.Join(Environment.NewLine, lines);
    }

    private static int Count(IEnumerable<InstanceView> instances, HealthStatus health) => instances.Count(i => i.Health == health);

    private static string Short(string? revision) => revision is null ? "-" : revision[..Math.Min(7, revision.Length)];

    private Task WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        stoppingToken.Register(() => started.TrySetCanceled());
        return started.Task;
    }
}
