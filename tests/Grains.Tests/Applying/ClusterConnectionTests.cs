using System.Text.Json.Nodes;
using Fleet.Reconciler.Kubernetes;

namespace Fleet.Grains.Tests.Applying;

[Collection(SimulatorCollection.Name)]
public sealed class ClusterConnectionTests(SimulatorFixture simulator)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task ProbeAsync_Simulator_ReturnsGitVersion()
    {
        var (connection, _) = simulator.Connect();
        using var _ = connection;

        var info = await connection.ProbeAsync(CancellationToken.None);

        Assert.StartsWith("v1.", info.GitVersion, StringComparison.Ordinal);
        Assert.Equal(1, connection.RequestCount);
    }

    [Theory]
    [InlineData("v1", "ConfigMap", "configmaps", true)]
    [InlineData("v1", "Namespace", "namespaces", false)]
    [InlineData("apps/v1", "Deployment", "deployments", true)]
    [InlineData("rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles", false)]
    public async Task MapAsync_BuiltInKind_ReturnsPluralAndScope(string apiVersion, string kind, string plural, bool namespaced)
    {
        var (connection, _) = simulator.Connect();
        using var _ = connection;

        var mapping = await connection.MapAsync(apiVersion, kind, CancellationToken.None);

        Assert.Equal(new ResourceMapping(apiVersion, kind, plural, namespaced), mapping);
    }

    [Fact]
    public async Task MapAsync_SameGroupVersionTwice_AsksDiscoveryOnce()
    {
        var (connection, _) = simulator.Connect();
        using var _ = connection;

        await connection.MapAsync("apps/v1", "Deployment", CancellationToken.None);
        await connection.MapAsync("apps/v1", "StatefulSet", CancellationToken.None);
        await connection.MapAsync("apps/v1", "Deployment", CancellationToken.None);

        Assert.Equal(1, connection.RequestCount);
    }

    [Fact]
    public async Task MapAsync_ManyConcurrentCallers_ShareOneDiscoveryRequest()
    {
        var (connection, _) = simulator.Connect();
        using var _ = connection;

        var mappings = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => connection.MapAsync("batch/v1", "Job", CancellationToken.None)));

        Assert.All(mappings, m => Assert.Equal("jobs", m.Plural));
        Assert.Equal(1, connection.RequestCount);
    }

    [Fact]
    public async Task MapAsync_UnknownKind_ThrowsNotFoundNamingKind()
    {
        var (connection, _) = simulator.Connect();
        using var _ = connection;

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => connection.MapAsync("apps/v1", "Gadget", CancellationToken.None));

        Assert.Equal(404, error.Code);
        Assert.Equal("NotFound", error.Reason);
        Assert.Contains("no kind \"Gadget\" in \"apps/v1\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapAsync_CrdCreatedAfterAMiss_RefreshesDiscovery()
    {
        var (connection, _) = simulator.Connect();
        using var _ = connection;
        await Assert.ThrowsAsync<KubernetesApiException>(() => connection.MapAsync("fleet.test/v1", "Widget", CancellationToken.None));

        await connection.ApplyAsync(Manifests.WidgetDefinition(), "fleet", force: false, dryRun: false, CancellationToken.None);
        await Poll.UntilAsync(async () =>
        {
            var crd = await connection.GetAsync("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, "widgets.fleet.test", CancellationToken.None);
            var established = crd?["status"]?["conditions"]?.AsArray()
                .Any(c => c?["type"]?.GetValue<string>() == "Established" && c["status"]?.GetValue<string>() == "True");
            return established == true ? crd : null;
        }, Deadline, "the CRD to be established");

        var mapping = await connection.MapAsync("fleet.test/v1", "Widget", CancellationToken.None);
        Assert.Equal(new ResourceMapping("fleet.test/v1", "Widget", "widgets", true), mapping);
        var widget = new JsonObject
        {
            ["apiVersion"] = "fleet.test/v1",
            ["kind"] = "Widget",
            ["metadata"] = new JsonObject { ["name"] = "w1", ["namespace"] = "default" },
            ["spec"] = new JsonObject { ["size"] = 3 },
        };
        var live = await connection.ApplyAsync(widget, "fleet", force: false, dryRun: false, CancellationToken.None);
        Assert.Equal(3, live["spec"]!["size"]!.GetValue<int>());
    }

    [Fact]
    public async Task ApplyAsync_NewThenChangedThenSame_CreatesUpdatesAndKeepsResourceVersion()
    {
        var (connection, _) = simulator.Connect();
        using var _ = connection;

        var created = await connection.ApplyAsync(Manifests.ConfigMap("app", value: "1"), "fleet", false, false, CancellationToken.None);
        var updated = await connection.ApplyAsync(Manifests.ConfigMap("app", value: "2"), "fleet", false, false, CancellationToken.None);
        var unchanged = await connection.ApplyAsync(Manifests.ConfigMap("app", value: "2"), "fleet", false, false, CancellationToken.None);

        Assert.Equal("1", Manifests.Data(created));
        Assert.Equal("2", Manifests.Data(updated));
        Assert.NotEqual(Manifests.ResourceVersion(created), Manifests.ResourceVersion(updated));
        Assert.Equal(Manifests.ResourceVersion(updated), Manifests.ResourceVersion(unchanged));
        Assert.Equal("fleet", updated["metadata"]!["managedFields"]![0]!["manager"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApplyAsync_FieldOwnedByAnotherManager_ThrowsConflictUnlessForced()
    {
        var (connection, _) = simulator.Connect();
        using var _ = connection;
        await connection.ApplyAsync(Manifests.ConfigMap("shared", value: "theirs"), "someone-else", false, false, CancellationToken.None);

        var conflict = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            connection.ApplyAsync(Manifests.ConfigMap("shared", value: "ours"), "fleet", force: false, dryRun: false, CancellationToken.None));
        var forced = await connection.ApplyAsync(Manifests.ConfigMap("shared", value: "ours"), "fleet", force: true, dryRun: false, CancellationToken.None);

        Assert.Equal(409, conflict.Code);
        Assert.Equal("Conflict", conflict.Reason);
        Assert.Contains("someone-else", conflict.Message, StringComparison.Ordinal);
        Assert.Contains("ConfigMap \"shared\" in namespace \"default\"", conflict.Message, StringComparison.Ordinal);
        Assert.Equal("ours", Manifests.Data(forced));
    }

    [Fact]
    public async Task ApplyAsync_DryRun_ReturnsObjectButStoresNothing()
    {
        var (connection, _) = simulator.Connect();
        using var _ = connection;

        var preview = await connection.ApplyAsync(Manifests.ConfigMap("dry"), "fleet", force: false, dryRun: true, CancellationToken.None);
        var stored = await connection.GetAsync("v1", "ConfigMap", "default", "dry", CancellationToken.None);

        Assert.Equal("dry", Manifests.Name(preview));
        Assert.Null(stored);
    }

    [Fact]
    public async Task ApplyAsync_NamespacedKindWithoutNamespace_ThrowsBadRequestBeforeSending()
    {
        var (connection, _) = simulator.Connect();
        using var _ = connection;
        var manifest = Manifests.ConfigMap("orphan");
        manifest["metadata"]!.AsObject().Remove("namespace");

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            connection.ApplyAsync(manifest, "fleet", false, false, CancellationToken.None));

        Assert.Equal(400, error.Code);
        Assert.Contains("set metadata.namespace", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, connection.RequestCount); // discovery only, no write
    }

    [Fact]
    public async Task ApplyAsync_ManifestWithoutName_ThrowsBadRequestNamingField()
    {
        var (connection, _) = simulator.Connect();
        using var _ = connection;
        var manifest = Manifests.ConfigMap("x");
        manifest["metadata"]!.AsObject().Remove("name");

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            connection.ApplyAsync(manifest, "fleet", false, false, CancellationToken.None));

        Assert.Equal(400, error.Code);
        Assert.Contains("metadata.name", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, connection.RequestCount);
    }

    [Fact]
    public async Task ApplyAsync_InvalidObject_ThrowsInvalidWithServerMessage()
    {
        var (connection, _) = simulator.Connect();
        using var _ = connection;

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            connection.ApplyAsync(Manifests.ConfigMap("Bad_Name"), "fleet", false, false, CancellationToken.None));

        Assert.Equal(422, error.Code);
        Assert.Equal("Invalid", error.Reason);
        Assert.Contains("Bad_Name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_ExistingAndMissing_ReturnsObjectOrNull()
    {
        var (connection, _) = simulator.Connect();
        using var _ = connection;
        await connection.ApplyAsync(Manifests.ConfigMap("present"), "fleet", false, false, CancellationToken.None);

        var present = await connection.GetAsync("v1", "ConfigMap", "default", "present", CancellationToken.None);
        var missing = await connection.GetAsync("v1", "ConfigMap", "default", "absent", CancellationToken.None);
        var inMissingNamespace = await connection.GetAsync("v1", "ConfigMap", "nowhere", "present", CancellationToken.None);

        Assert.Equal("present", Manifests.Name(present));
        Assert.Null(missing);
        Assert.Null(inMissingNamespace);
    }

    [Fact]
    public async Task ListAsync_ManyObjectsAcrossNamespaces_PagesAndFiltersByLabel()
    {
        var options = SimulatorFixture.FastOptions();
        options.ListPageSize = 2;
        var (connection, _) = simulator.Connect(options);
        using var _ = connection;
        await connection.ApplyAsync(Manifests.Namespace("other"), "fleet", false, false, CancellationToken.None);
        for (var i = 0; i < 5; i++)
        {
            await connection.ApplyAsync(Manifests.ConfigMap($"cm{i}", i % 2 == 0 ? "default" : "other", label: "mine"), "fleet", false, false, CancellationToken.None);
        }
        await connection.ApplyAsync(Manifests.ConfigMap("unlabelled"), "fleet", false, false, CancellationToken.None);
        var before = connection.RequestCount;

        var mine = await connection.ListAsync("v1", "ConfigMap", "test=mine", CancellationToken.None);

        Assert.Equal<string?>(["cm0", "cm1", "cm2", "cm3", "cm4"], mine.Select(Manifests.Name).Order());
        Assert.All(mine, item => Assert.Equal("ConfigMap", item["kind"]!.GetValue<string>()));
        Assert.All(mine, item => Assert.Equal("v1", item["apiVersion"]!.GetValue<string>()));
        Assert.Equal(3, connection.RequestCount - before); // 5 objects at 2 per page
    }

    [Fact]
    public async Task DeleteAsync_ExistingThenGone_ReturnsTrueThenFalse()
    {
        var (connection, _) = simulator.Connect();
        using var _ = connection;
        await connection.ApplyAsync(Manifests.ConfigMap("doomed"), "fleet", false, false, CancellationToken.None);

        var deleted = await connection.DeleteAsync("v1", "ConfigMap", "default", "doomed", CancellationToken.None);
        var again = await connection.DeleteAsync("v1", "ConfigMap", "default", "doomed", CancellationToken.None);

        Assert.True(deleted);
        Assert.False(again);
        Assert.Null(await connection.GetAsync("v1", "ConfigMap", "default", "doomed", CancellationToken.None));
    }

    [Fact]
    public async Task DeleteAsync_ClusterScopedObject_IgnoresNamespace()
    {
        var (connection, _) = simulator.Connect();
        using var _ = connection;
        await connection.ApplyAsync(Manifests.Namespace("temporary"), "fleet", false, false, CancellationToken.None);

        var deleted = await connection.DeleteAsync("v1", "Namespace", "ignored", "temporary", CancellationToken.None);

        Assert.True(deleted);
    }
}
