using Fleet.Engine.Status;
using Fleet.Grains.Interfaces;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Clusters;
using Fleet.Grains.Interfaces.Repositories;
using Fleet.Simulator.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;

namespace Fleet.Demo;

/// <summary>
/// The demo (<c>dotnet run --project tools/Demo</c>): starts the Kubernetes API simulator with three clusters (dev,
/// staging, prod, labelled env=), seeds a local Git repository with sample applications, registers everything, and
/// prints a compact live status.
/// </summary>
public sealed class DemoMode(IGrainFactory grains, IServer server, IHostApplicationLifetime lifetime, IConfiguration configuration) : BackgroundService
{
    private static readonly string[] Environments = ["dev", "staging", "prod"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WaitForStartAsync(stoppingToken);
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { Clusters = Environments }, stoppingToken);
        var repositoryPath = configuration["Demo:Repository"] ?? Path.Combine(Path.GetTempPath(), "fleet-demo", "repository");
        await DemoRepository.CreateAsync(repositoryPath, stoppingToken);

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
        await grains.GetGrain<IApplicationGrain>("guestbook").PutAsync(new ApplicationSpec { Repository = "demo", Path = "guestbook", Destination = everywhere, SyncPolicy = policy });
        await grains.GetGrain<IApplicationGrain>("podinfo").PutAsync(new ApplicationSpec { Repository = "demo", Path = "podinfo/overlays/{{cluster.labels.env}}", Destination = everywhere, SyncPolicy = policy });

        var api = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "(unknown)";
        Console.WriteLine($"""

            Fleet demo
              API:              {api}   (try {api}/api/v1/fleet and {api}/api/v1/applications/guestbook)
              Git repository:   {repositoryPath}   (commit there; Fleet polls every 5 s)
              Kubernetes:       {simulator.ClusterUrl("dev")}   (also /clusters/staging and /clusters/prod; kubectl --server works)

            """);
        while (!stoppingToken.IsCancellationRequested)
        {
            await PrintStatusAsync();
            await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task PrintStatusAsync()
    {
        var summary = await grains.FleetSummary().GetAsync();
        var lines = new List<string>
        {
            $"[{DateTime.Now:HH:mm:ss}] clusters {summary.Connected}/{summary.Clusters} connected; instances {summary.Instances.Synced}/{summary.Instances.Total} synced, {summary.Instances.Healthy} healthy, {summary.Instances.Progressing} progressing, {summary.Instances.Degraded} degraded",
        };
        foreach (var application in new[] { "guestbook", "podinfo" })
        {
            if (await grains.GetGrain<IApplicationGrain>(application).GetAsync() is { } view)
            {
                lines.Add($"  {application,-10} " + string.Join("  ", view.Instances.Select(i => $"{i.Cluster}:{i.Sync}/{i.Health}@{(i.Revision ?? "-")[..Math.Min(7, (i.Revision ?? "-").Length)]}")));
            }
        }
        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }

    private Task WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        stoppingToken.Register(() => started.TrySetCanceled());
        return started.Task;
    }
}
