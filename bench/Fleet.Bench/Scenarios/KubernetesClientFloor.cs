using System.Diagnostics;
using Fleet.Bench.Harness;
using k8s.Models;
using k8s;

namespace Fleet.Bench.Scenarios;

/// <summary>
/// The floor: the least any tool could do for the same change. A bare KubernetesClient loop server-side applies the
/// three objects to every cluster (16 requests in flight), then polls every Deployment until its rollout is complete,
/// with no Git, no rendering, no diff and no bookkeeping. Like Fleet in the same run, it changes objects that already
/// exist (a new generation each round, a rolling update) with its code already warm: an untimed first pass creates
/// them.
/// </summary>
public sealed class KubernetesClientFloor(BenchFleet fleet) : IAsyncDisposable
{
    private readonly Dictionary<string, k8s.Kubernetes> _clients = fleet.Clusters.ToDictionary(c => c,
        c => new k8s.Kubernetes(new KubernetesClientConfiguration { Host = fleet.Simulator.ClusterUrl(c), SslCaCerts = fleet.Authority }));

    /// <summary>The untimed pass: creates the objects at generation 1 and warms the code and the connections.</summary>
    public Task WarmAsync() => ApplyEverywhereAsync(fleet, _clients, "1");

    /// <summary>One timed pass to <paramref name="generation"/>: its seconds and the benchmark process's CPU.</summary>
    public async Task<FloorRound> RunAsync(int generation)
    {
        var cpuBefore = BenchProcess.CpuTime;
        var clock = Stopwatch.StartNew();
        await ApplyEverywhereAsync(fleet, _clients, generation.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new FloorRound(clock.Elapsed.TotalSeconds, (BenchProcess.CpuTime - cpuBefore).TotalSeconds);
    }

    public ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
        return ValueTask.CompletedTask;
    }

    // Apply everywhere (16 clusters in flight), then wait for every rollout at once: the rollouts run in parallel in
    // the clusters, as they do when Fleet syncs.
    private static async Task ApplyEverywhereAsync(BenchFleet fleet, Dictionary<string, k8s.Kubernetes> clients, string generation)
    {
        await Parallel.ForEachAsync(fleet.Clusters, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (cluster, cancellationToken) => await ApplyAsync(clients[cluster], generation, cancellationToken));
        await Parallel.ForEachAsync(fleet.Clusters, new ParallelOptions { MaxDegreeOfParallelism = 64 },
            async (cluster, cancellationToken) => await WaitRolledOutAsync(clients[cluster], cancellationToken));
    }

    private static async Task ApplyAsync(k8s.Kubernetes client, string generation, CancellationToken cancellationToken)
    {
        const string Ns = "default";
        await client.CoreV1.PatchNamespacedConfigMapAsync(Apply(new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = "floor-settings" },
            Data = new Dictionary<string, string> { ["generation"] = generation },
        }), "floor-settings", Ns, fieldManager: "floor", force: true, cancellationToken: cancellationToken);
        var labels = new Dictionary<string, string> { ["app"] = "floor" };
        await client.AppsV1.PatchNamespacedDeploymentAsync(Apply(new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta { Name = "floor" },
            Spec = new V1DeploymentSpec
            {
                Replicas = 1,
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec
                    {
                        Containers = [new V1Container
                        {
                            Name = "web",
                            Image = "registry.example/web:1." + generation,
                            Env = [new V1EnvVar { Name = "GENERATION", Value = generation }],
                        }],
                    },
                },
            },
        }), "floor", Ns, fieldManager: "floor", force: true, cancellationToken: cancellationToken);
        await client.CoreV1.PatchNamespacedServiceAsync(Apply(new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new V1ObjectMeta { Name = "floor", Annotations = new Dictionary<string, string> { ["fleet.bench/generation"] = generation } },
            Spec = new V1ServiceSpec
            {
                Selector = labels,
                Ports = [new V1ServicePort { Port = 80, TargetPort = 8080 }],
            },
        }), "floor", Ns, fieldManager: "floor", force: true, cancellationToken: cancellationToken);
    }

    // Complete as Fleet's health judges it: the new spec observed, every replica updated and available, none left over.
    private static async Task WaitRolledOutAsync(k8s.Kubernetes client, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync("floor", "default", cancellationToken: cancellationToken);
            var status = deployment.Status;
            if (status is not null && status.ObservedGeneration >= deployment.Metadata.Generation
                && status.UpdatedReplicas == 1 && status.AvailableReplicas == 1 && status.Replicas == 1)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the floor's Deployment did not become available: " + KubernetesJson.Serialize(status));
            }
            await Task.Delay(50, cancellationToken);
        }
    }

    private static V1Patch Apply(object body) =>
        new(KubernetesJson.Serialize(body), V1Patch.PatchType.ApplyPatch);
}

/// <summary>One pass of the floor: its seconds, and the CPU of the benchmark process (the simulator and the loop).</summary>
public sealed record FloorRound(double Seconds, double CpuSeconds);
