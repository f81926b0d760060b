using System.Text;
using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Tests.Infrastructure;
using static Fleet.Grains.Tests.EndToEnd.GitOpsScenario;

namespace Fleet.Grains.Tests.EndToEnd;

/// <summary>Per-object sync options: Replace=true, and custom resources whose CRD is not served yet.</summary>
[Collection(FleetClusterCollection.Name)]
public sealed class SyncOptionsEndToEndTests(FleetCluster fleet)
{
    [Fact]
    public async Task ReplaceTrue_WritesTheWholeObject_FieldsSetByOthersAreGone()
    {
        var scenario = new GitOpsScenario(fleet);
        var replaced = SampleManifests.ConfigMap("replaced", "one").Replace("metadata:\n", "metadata:\n  annotations:\n    argocd.argoproj.io/sync-options: Replace=true\n", StringComparison.Ordinal);
        var commit = await scenario.CreateRepositoryAsync(new Dictionary<string, string>
        {
            ["app/replaced.yaml"] = replaced,
            ["app/applied.yaml"] = SampleManifests.ConfigMap("applied", "one"),
        });
        var cluster = await scenario.AddClusterAsync();
        await scenario.PutApplicationAsync();
        await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, commit));

        // Someone else adds a key to both: an apply leaves what another manager owns, a replace does not.
        await scenario.PatchLiveAsync(cluster, "/api/v1/namespaces/default/configmaps/replaced", """{"data":{"extra":"x"}}""");
        await scenario.PatchLiveAsync(cluster, "/api/v1/namespaces/default/configmaps/applied", """{"data":{"extra":"x"}}""");
        await fleet.Grains.GetGrain<IApplicationGrain>(scenario.Application).SyncAsync("bob", prune: false);
        var view = await scenario.WaitForInstanceAsync(cluster, v => v.History.Any(h => h.InitiatedBy == "bob") && SyncedAndHealthy(v));
        var replacedLive = await scenario.LiveAsync(cluster, "/api/v1/namespaces/default/configmaps/replaced");
        var appliedLive = await scenario.LiveAsync(cluster, "/api/v1/namespaces/default/configmaps/applied");

        Assert.True(SyncedAndHealthy(view!), Describe(view));
        Assert.Null(replacedLive!["data"]!["extra"]);
        Assert.Equal("one", replacedLive["data"]!["setting"]!.GetValue<string>());
        Assert.Equal("x", appliedLive!["data"]!["extra"]!.GetValue<string>());
    }

    [Fact]
    public async Task CustomResourceOfAnUnservedKind_IsRefusedBeforeAnythingIsApplied()
    {
        var scenario = new GitOpsScenario(fleet);
        await scenario.CreateRepositoryAsync(new Dictionary<string, string>
        {
            ["app/configmap.yaml"] = SampleManifests.ConfigMap("settings", "one"),
            ["app/gadget.yaml"] = Gadget($"{fleet.UniqueName("g")}.example.com", annotation: null),
        });
        var cluster = await scenario.AddClusterAsync();

        await scenario.PutApplicationAsync();
        var view = await scenario.WaitForInstanceAsync(cluster, v => v.Conditions.Any(c => c.Reason == Reasons.KindNotServed));
        var settings = await scenario.LiveAsync(cluster, "/api/v1/namespaces/default/configmaps/settings");

        var condition = view!.Conditions.Single(c => c.Reason == Reasons.KindNotServed);
        Assert.Contains("Gadget \"g1\"", condition.Message, StringComparison.Ordinal);
        Assert.Contains("SkipDryRunOnMissingResource=true", condition.Message, StringComparison.Ordinal);
        Assert.Null(settings);
    }

    [Fact]
    public async Task SkipDryRunOnMissingResource_CustomResourceWaitsForACrdInstalledElsewhere()
    {
        var group = $"{fleet.UniqueName("g")}.example.com";
        var scenario = new GitOpsScenario(fleet);
        var commit = await scenario.CreateRepositoryAsync(new Dictionary<string, string>
        {
            ["app/gadget.yaml"] = Gadget(group, annotation: "fleet.dev/sync-options: SkipDryRunOnMissingResource=true"),
            ["app/configmap.yaml"] = SampleManifests.ConfigMap("before-gadget", "one"),
        });
        var cluster = await scenario.AddClusterAsync();

        await scenario.PutApplicationAsync();
        // The sync is under way (the ConfigMap goes before custom resources); another party (an operator, another
        // application) installs the CRD while Fleet waits to apply the Gadget.
        await EventuallyAsync(() => scenario.LiveAsync(cluster, "/api/v1/namespaces/default/configmaps/before-gadget"), live => live is not null);
        using var crd = new StringContent(Crd(group, "Namespaced"), Encoding.UTF8, "application/json");
        using var created = await Http.PostAsync(fleet.Simulator.ClusterUrl(cluster) + "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
        var view = await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, commit));

        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        Assert.True(SyncedAndHealthy(view!, commit), Describe(view));
        Assert.All(view!.History, h => Assert.Equal(SyncResults.Succeeded, h.Result));
        Assert.NotNull(await scenario.LiveAsync(cluster, $"/apis/{group}/v1/namespaces/default/gadgets/g1"));
    }

    [Fact]
    public async Task ClusterScopedCustomResource_WithItsCrdInTheSameSync_IsPlannedClusterScoped()
    {
        var group = $"{fleet.UniqueName("g")}.example.com";
        var scenario = new GitOpsScenario(fleet);
        var commit = await scenario.CreateRepositoryAsync(new Dictionary<string, string>
        {
            ["app/crd.json"] = Crd(group, "Cluster"),
            ["app/gadget.yaml"] = Gadget(group, annotation: null),
        });
        var cluster = await scenario.AddClusterAsync();

        await scenario.PutApplicationAsync();
        var view = await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, commit));

        Assert.True(SyncedAndHealthy(view!, commit), Describe(view));
        Assert.Null(view!.Resources.Single(r => r.Kind == "Gadget").Namespace);
        Assert.NotNull(await scenario.LiveAsync(cluster, $"/apis/{group}/v1/gadgets/g1"));
    }

    private static string Gadget(string group, string? annotation) => $"""
        apiVersion: {group}/v1
        kind: Gadget
        metadata:
          name: g1
        {(annotation is null ? "" : $"  annotations:\n    {annotation}\n")}spec:
          size: 3
        """;

    private static string Crd(string group, string scope) =>
        "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"CustomResourceDefinition\",\"metadata\":{\"name\":\"gadgets." + group + "\"},"
        + "\"spec\":{\"group\":\"" + group + "\",\"scope\":\"" + scope + "\",\"names\":{\"plural\":\"gadgets\",\"singular\":\"gadget\",\"kind\":\"Gadget\"},"
        + "\"versions\":[{\"name\":\"v1\",\"served\":true,\"storage\":true,\"schema\":{\"openAPIV3Schema\":{\"type\":\"object\","
        + "\"properties\":{\"spec\":{\"type\":\"object\",\"properties\":{\"size\":{\"type\":\"integer\"}}}}}}}]}}";
}
