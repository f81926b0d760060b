using System.Net.Http.Json;
using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Projects;
using Fleet.Grains.Tests.Infrastructure;

namespace Fleet.Grains.Tests.EndToEnd;

/// <summary>
/// A project bounds what its applications may touch on a real (simulated) cluster: an object it does not allow is
/// never applied, and neither is the rest of the revision; the instance names the object and the rule. Other
/// applications go on.
/// </summary>
[Collection(FleetClusterCollection.Name)]
public sealed class ProjectScopeTests(FleetCluster fleet)
{
    private const string TakeOver = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: take-over
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: cluster-admin
        subjects:
        - kind: ServiceAccount
          name: default
          namespace: shop-a
        """;

    private const string AdminsBinding = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: admins
          namespace: shop-a
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: admin
        subjects:
        - kind: User
          name: mallory
        """;

    // The shop project of the issue: shop-* namespaces anywhere, Namespaces allowed, RBAC refused in namespaces.
    private static ProjectSpec Shop(string repository) => new()
    {
        SourceRepositories = [repository],
        Destinations = [new ProjectDestinationSpec { Cluster = "*", Namespace = "shop-*" }],
        ClusterResources = [new GroupKind { Group = "", Kind = "Namespace" }],
        NamespaceResourcesDenied = [new GroupKind { Group = "rbac.authorization.k8s.io", Kind = "*" }],
    };

    [Fact]
    public async Task ClusterRoleBindingToClusterAdmin_NothingAppliedAndConditionNamesObjectAndRule()
    {
        var (scenario, cluster) = await StartAsync(new Dictionary<string, string>
        {
            ["app/configmap.yaml"] = SampleManifests.ConfigMap("settings", "one"),
            ["app/binding.yaml"] = TakeOver,
        });

        var view = await WaitRefusedAsync(scenario, cluster);

        var condition = Assert.Single(view.Conditions, c => c.Reason == Reasons.NotPermittedByProject);
        Assert.Equal((ConditionTypes.Synced, "False"), (condition.Type, condition.Status));
        Assert.Contains("ClusterRoleBinding/take-over", condition.Message, StringComparison.Ordinal);
        Assert.Contains("cluster-scoped kind rbac.authorization.k8s.io/ClusterRoleBinding is not in project", condition.Message, StringComparison.Ordinal);
        // Nothing of the revision reached the cluster: not the binding, not the harmless ConfigMap next to it.
        Assert.Null(await scenario.LiveAsync(cluster, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/take-over"));
        Assert.Null(await scenario.LiveAsync(cluster, "/api/v1/namespaces/shop-a/configmaps/settings"));
        Assert.Empty(view.History);
    }

    [Fact]
    public async Task ObjectInNamespaceOutsideDestinations_Refused()
    {
        var (scenario, cluster) = await StartAsync(new Dictionary<string, string>
        {
            ["app/configmap.yaml"] = SampleManifests.ConfigMap("settings", "one"),
            ["app/system.yaml"] = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: patched
                  namespace: kube-system
                data:
                  x: y
                """,
        });

        var view = await WaitRefusedAsync(scenario, cluster);

        var condition = Assert.Single(view.Conditions, c => c.Reason == Reasons.NotPermittedByProject);
        Assert.Contains("ConfigMap/kube-system/patched (namespace \"kube-system\" on cluster", condition.Message, StringComparison.Ordinal);
        Assert.Null(await scenario.LiveAsync(cluster, "/api/v1/namespaces/kube-system/configmaps/patched"));
        Assert.Null(await scenario.LiveAsync(cluster, "/api/v1/namespaces/shop-a/configmaps/settings"));
    }

    [Fact]
    public async Task DeniedNamespacedKind_Refused()
    {
        var (scenario, cluster) = await StartAsync(new Dictionary<string, string>
        {
            ["app/configmap.yaml"] = SampleManifests.ConfigMap("settings", "one"),
            ["app/rolebinding.yaml"] = AdminsBinding,
        });

        var view = await WaitRefusedAsync(scenario, cluster);

        var condition = Assert.Single(view.Conditions, c => c.Reason == Reasons.NotPermittedByProject);
        Assert.Contains("RoleBinding/shop-a/admins (kind rbac.authorization.k8s.io/RoleBinding is in project", condition.Message, StringComparison.Ordinal);
        Assert.Null(await scenario.LiveAsync(cluster, "/apis/rbac.authorization.k8s.io/v1/namespaces/shop-a/rolebindings/admins"));
    }

    [Fact]
    public async Task ProjectRelaxed_InstanceAppliesWithoutANewCommit()
    {
        var (scenario, cluster) = await StartAsync(new Dictionary<string, string>
        {
            ["app/configmap.yaml"] = SampleManifests.ConfigMap("settings", "one"),
            ["app/binding.yaml"] = TakeOver,
        });
        await WaitRefusedAsync(scenario, cluster);
        var project = Project(scenario);

        await fleet.Grains.GetGrain<IProjectGrain>(project).PutAsync(Shop(scenario.RepositoryName) with
        {
            ClusterResources = [new GroupKind { Group = "", Kind = "Namespace" }, new GroupKind { Group = "rbac.authorization.k8s.io", Kind = "ClusterRoleBinding" }],
        });
        var view = await scenario.WaitForInstanceAsync(cluster, v => GitOpsScenario.SyncedAndHealthy(v));

        Assert.True(GitOpsScenario.SyncedAndHealthy(view!), GitOpsScenario.Describe(view));
        Assert.NotNull(await scenario.LiveAsync(cluster, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/take-over"));
    }

    [Fact]
    public async Task RemoteBase_RefusedUntilTheProjectListsIt_ThenFetchedAndApplied()
    {
        // A remote base in another repository, referenced by file:// (kustomize fetches it with git, as it would an https one).
        var remote = fleet.Git.CreateRepository(fleet.UniqueName("platform"));
        remote.WriteFile("base/kustomization.yaml", "resources:\n- configmap.yaml\n");
        remote.WriteFile("base/configmap.yaml", SampleManifests.ConfigMap("from-platform", "shared"));
        remote.Commit("platform base");
        var reference = $"file://{remote.BarePath}//base?ref=main";
        var (scenario, cluster) = await StartAsync(new Dictionary<string, string>
        {
            ["app/kustomization.yaml"] = $"resources:\n- {reference}\n",
        });
        var refused = await scenario.WaitForInstanceAsync(cluster, v => v.Conditions.Any(c => c.Type == ConditionTypes.RenderFailed));
        Assert.Contains(refused!.Conditions, c => c.Type == ConditionTypes.RenderFailed && c.Message.Contains("remoteSources", StringComparison.Ordinal));

        await fleet.Grains.GetGrain<IProjectGrain>(Project(scenario)).PutAsync(Shop(scenario.RepositoryName) with
        {
            RemoteSources = [$"file://{remote.BarePath}//*"],
        });
        var view = await scenario.WaitForInstanceAsync(cluster, v => GitOpsScenario.SyncedAndHealthy(v));

        Assert.True(GitOpsScenario.SyncedAndHealthy(view!), GitOpsScenario.Describe(view));
        Assert.NotNull(await scenario.LiveAsync(cluster, "/api/v1/namespaces/shop-a/configmaps/from-platform"));
    }

    [Fact]
    public async Task ProjectRestrictedLater_NextRevisionIsRefusedAndOtherApplicationsGoOn()
    {
        var (scenario, cluster) = await StartAsync(new Dictionary<string, string>
        {
            ["app/configmap.yaml"] = SampleManifests.ConfigMap("settings", "one"),
        });
        var synced = await scenario.WaitForInstanceAsync(cluster, v => GitOpsScenario.SyncedAndHealthy(v));
        Assert.True(GitOpsScenario.SyncedAndHealthy(synced!), GitOpsScenario.Describe(synced));
        // Another application on the same cluster, in the unrestricted default project.
        var other = new GitOpsScenario(fleet);
        await other.CreateRepositoryAsync(new Dictionary<string, string> { ["app/configmap.yaml"] = SampleManifests.ConfigMap("other", "one") });
        await fleet.Grains.GetGrain<IApplicationGrain>(other.Application).PutAsync(new ApplicationSpec
        {
            Repository = other.RepositoryName,
            Path = "app",
            Destination = new Destination { Clusters = [cluster], Namespace = "default" },
            SyncPolicy = new Engine.Status.SyncPolicy { Automated = true, Prune = true, SelfHeal = true },
        });

        scenario.Repository.WriteFile("app/binding.yaml", TakeOver);
        await scenario.CommitAsync("add a binding");
        var view = await WaitRefusedAsync(scenario, cluster);
        var untouched = await other.WaitForInstanceAsync(cluster, v => GitOpsScenario.SyncedAndHealthy(v));

        Assert.Contains(view.Conditions, c => c.Reason == Reasons.NotPermittedByProject);
        Assert.Null(await scenario.LiveAsync(cluster, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/take-over"));
        // The ConfigMap of the earlier, allowed revision stays; the other application is unaffected.
        Assert.NotNull(await scenario.LiveAsync(cluster, "/api/v1/namespaces/shop-a/configmaps/settings"));
        Assert.True(GitOpsScenario.SyncedAndHealthy(untouched!), GitOpsScenario.Describe(untouched));
    }

    private static string Project(GitOpsScenario scenario) => $"p-{scenario.Application}";

    // A repository, a cluster with the shop-a namespace, a project allowing shop-* and an automated application in it.
    private async Task<(GitOpsScenario Scenario, string Cluster)> StartAsync(IReadOnlyDictionary<string, string> files)
    {
        var scenario = new GitOpsScenario(fleet);
        await scenario.CreateRepositoryAsync(files);
        var cluster = await scenario.AddClusterAsync();
        using var created = await GitOpsScenario.Http.PostAsJsonAsync($"{fleet.Simulator.ClusterUrl(cluster)}/api/v1/namespaces",
            new { apiVersion = "v1", kind = "Namespace", metadata = new { name = "shop-a" } });
        created.EnsureSuccessStatusCode();
        var project = Project(scenario);
        await fleet.Grains.GetGrain<IProjectGrain>(project).PutAsync(Shop(scenario.RepositoryName));
        await fleet.Grains.GetGrain<IApplicationGrain>(scenario.Application).PutAsync(new ApplicationSpec
        {
            Project = project,
            Repository = scenario.RepositoryName,
            Path = "app",
            Destination = new Destination { Clusters = [cluster], Namespace = "shop-a" },
            SyncPolicy = new Engine.Status.SyncPolicy { Automated = true, Prune = true, SelfHeal = true },
        });
        return (scenario, cluster);
    }

    private static async Task<InstanceView> WaitRefusedAsync(GitOpsScenario scenario, string cluster)
    {
        var view = await scenario.WaitForInstanceAsync(cluster, v => v.Conditions.Any(c => c.Reason == Reasons.NotPermittedByProject));
        Assert.True(view is not null && view.Conditions.Any(c => c.Reason == Reasons.NotPermittedByProject), GitOpsScenario.Describe(view));
        return view!;
    }
}
