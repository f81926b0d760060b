using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Api;
using Fleet.Grains.Tests.Infrastructure;
using Fleet.Silo.Tests.Infrastructure;
using static Fleet.Silo.Tests.Api.ApiWorld;

namespace Fleet.Silo.Tests.ControlPlane;

/// <summary>
/// An application whose destination is the control plane (an app of apps) keeps Fleet's own objects as documents in
/// Git: commits create, change and prune its child applications; it never takes over what it did not make; one
/// invalid document stops the whole revision.
/// </summary>
[Collection(FleetHostCollection.Name)]
public sealed class AppOfAppsTests(FleetHost host)
{
    private static string Child(string name, string cluster, string extra = "") => $"""
        apiVersion: fleet.dev/v1
        kind: Application
        metadata:
          name: {name}
        spec:
          repository: REPO
          path: app
          destination: {"{"} clusters: [{cluster}], namespace: {name}, createNamespace: true {"}"}
          syncPolicy: {"{"} automated: true, prune: true{extra} {"}"}
        """;

    private async Task<(HttpClient Client, ApiWorld World, string Cluster)> WorldAsync()
    {
        var client = host.CreateClient();
        var world = new ApiWorld(host, client);
        await world.AddRepositoryAsync();
        return (client, world, await world.AddClusterAsync());
    }

    private static async Task<(string Root, string Repository)> AddRootAsync(HttpClient client, string configRepository)
    {
        var (repository, root) = (Unique("cfg"), Unique("root"));
        (await client.PutAsJsonAsync($"/api/v1/repositories/{repository}", new { url = configRepository, branch = "main" })).EnsureSuccessStatusCode();
        using var put = await client.PutAsJsonAsync($"/api/v1/applications/{root}", new
        {
            repository,
            path = "fleet",
            destination = new { controlPlane = true },
            syncPolicy = new { automated = true, prune = true },
        });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        return (root, repository);
    }

    private static async Task<JsonObject> ControlPlaneAsync(HttpClient client, string root) =>
        (await JsonAsync(await client.GetAsync($"/api/v1/applications/{root}")))["controlPlane"] as JsonObject ?? [];

    [Fact]
    public async Task AppOfApps_Commits_CreateChangeAndPruneChildApplications()
    {
        var (client, world, cluster) = await WorldAsync();
        var (first, second) = (Unique("child"), Unique("child"));
        // The configuration repository is served by a real git daemon on loopback, as a remote would be.
        await using var server = await GitServer.StartAsync();
        var config = server.CreateRepository("platform");
        config.WriteFile("fleet/apps.yaml", Child(first, cluster).Replace("REPO", world.Repository, StringComparison.Ordinal)
            + "\n---\n" + Child(second, cluster).Replace("REPO", world.Repository, StringComparison.Ordinal));
        config.Commit("two applications");
        var (root, repository) = await AddRootAsync(client, config.Url);

        var created = await EventuallyAsync(() => ControlPlaneAsync(client, root),
            status => status["health"]?.GetValue<string>() == "Healthy" && status["resources"]?.AsArray().Count == 2 && status["sync"]?.GetValue<string>() == "Synced");
        var owner = await JsonAsync(await client.GetAsync($"/api/v1/metadata/applications/{first}"));
        var firstSynced = await EventuallyAsync(async () => await JsonAsync(await client.GetAsync($"/api/v1/applications/{first}")),
            view => view["instances"]?.AsArray().Count == 1 && view["instances"]![0]!["sync"]!.GetValue<string>() == "Synced");

        config.WriteFile("fleet/apps.yaml", Child(first, cluster, ", selfHeal: true").Replace("REPO", world.Repository, StringComparison.Ordinal));
        config.Commit("second application removed, first self-heals");
        (await client.PostAsync($"/api/v1/repositories/{repository}/refresh", null)).EnsureSuccessStatusCode();
        var pruned = await EventuallyAsync(async () => (await client.GetAsync($"/api/v1/applications/{second}")).StatusCode, code => code == HttpStatusCode.NotFound);
        var changed = await JsonAsync(await client.GetAsync($"/api/v1/applications/{first}"));
        var after = await ControlPlaneAsync(client, root);
        // Writes from Git are audited as the app of apps' own acts: the creation and the prune.
        var audit = await EventuallyAsync(async () => (await client.GetFromJsonAsync<JsonArray>($"/api/v1/audit?who=application/{root}&limit=100"))!,
            entries => entries.Any(e => e!["method"]!.GetValue<string>() == "DELETE"));

        Assert.True(created["health"]?.GetValue<string>() == "Healthy" && created["resources"]?.AsArray().Count == 2, created.ToJsonString());
        Assert.Equal("Synced", created["resources"]![0]!["sync"]!.GetValue<string>());
        Assert.Contains("fleet/apps.yaml", created["resources"]![0]!["source"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(root, owner["owner"]!.GetValue<string>());
        Assert.Equal("Synced", firstSynced["instances"]![0]!["sync"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, pruned);
        Assert.True(changed["spec"]!["syncPolicy"]!["selfHeal"]!.GetValue<bool>());
        Assert.Single(after["resources"]!.AsArray());
        Assert.Contains(audit, e => e!["method"]!.GetValue<string>() == "PUT" && e["path"]!.GetValue<string>() == $"/api/v1/applications/{first}");
        Assert.Contains(audit, e => e!["method"]!.GetValue<string>() == "DELETE" && e["path"]!.GetValue<string>() == $"/api/v1/applications/{second}");
    }

    [Fact]
    public async Task AppOfApps_ChildEditedByHand_ReportedOutOfSyncThenSelfHealWritesGitBack()
    {
        var (client, world, cluster) = await WorldAsync();
        var child = Unique("edited");
        var config = FleetHost.CreateRepository(new Dictionary<string, string>
        {
            ["fleet/edited.yaml"] = Child(child, cluster).Replace("REPO", world.Repository, StringComparison.Ordinal),
        });
        var (root, repository) = await AddRootAsync(client, config);
        await EventuallyAsync(() => ControlPlaneAsync(client, root), s => s["sync"]?.GetValue<string>() == "Synced" && s["resources"]?.AsArray().Count == 1);

        // Someone turns off the child's automated sync through the API, behind Git's back.
        using var edit = await client.PutAsJsonAsync($"/api/v1/applications/{child}", new
        {
            repository = world.Repository,
            path = "app",
            destination = new { clusters = new[] { cluster }, @namespace = child, createNamespace = true },
            syncPolicy = new { automated = false },
        });
        edit.EnsureSuccessStatusCode();
        var drifted = await EventuallyAsync(() => ControlPlaneAsync(client, root), s => s["sync"]?.GetValue<string>() == "OutOfSync");
        var stillEdited = await JsonAsync(await client.GetAsync($"/api/v1/applications/{child}"));

        using var heal = await client.PutAsJsonAsync($"/api/v1/applications/{root}", new
        {
            repository,
            path = "fleet",
            destination = new { controlPlane = true },
            syncPolicy = new { automated = true, prune = true, selfHeal = true },
        });
        heal.EnsureSuccessStatusCode();
        var healed = await EventuallyAsync(async () => await JsonAsync(await client.GetAsync($"/api/v1/applications/{child}")),
            view => view["spec"]?["syncPolicy"]?["automated"]?.GetValue<bool>() == true);
        var synced = await EventuallyAsync(() => ControlPlaneAsync(client, root), s => s["sync"]?.GetValue<string>() == "Synced");

        var resource = drifted["resources"]!.AsArray().Single()!;
        Assert.Equal("OutOfSync", resource["sync"]!.GetValue<string>());
        Assert.Contains("changed outside Git", resource["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(stillEdited["spec"]!["syncPolicy"]!["automated"]!.GetValue<bool>());
        Assert.True(healed["spec"]!["syncPolicy"]!["automated"]!.GetValue<bool>());
        Assert.Equal("Synced", synced["sync"]!.GetValue<string>());
    }

    [Fact]
    public async Task AppOfApps_ApplicationMadeByHand_IsNotTakenOver()
    {
        var (client, world, cluster) = await WorldAsync();
        var manual = Unique("manual");
        using var made = await client.PutAsJsonAsync($"/api/v1/applications/{manual}", new
        {
            repository = world.Repository,
            path = "app",
            destination = new { clusters = new[] { cluster }, @namespace = manual, createNamespace = true },
        });
        made.EnsureSuccessStatusCode();
        var config = FleetHost.CreateRepository(new Dictionary<string, string>
        {
            ["fleet/manual.yaml"] = Child(manual, cluster).Replace("REPO", world.Repository, StringComparison.Ordinal),
        });

        var (root, _) = await AddRootAsync(client, config);
        var status = await EventuallyAsync(() => ControlPlaneAsync(client, root), s => s["conditions"]?.AsArray().Count > 1);
        var view = await JsonAsync(await client.GetAsync($"/api/v1/applications/{manual}"));
        var owner = await JsonAsync(await client.GetAsync($"/api/v1/metadata/applications/{manual}"));

        var notOwned = status["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "NotOwned")!;
        Assert.Contains($"Application {manual} was made by hand", notOwned["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("OutOfSync", status["sync"]!.GetValue<string>());
        Assert.False(view["spec"]!["syncPolicy"]!["automated"]!.GetValue<bool>());
        Assert.Null(owner["owner"]);
    }

    [Fact]
    public async Task AppOfApps_ApplicationOwnedByAnotherAppOfApps_IsLeftToItsOwner()
    {
        var (client, world, cluster) = await WorldAsync();
        var child = Unique("child");
        var config = FleetHost.CreateRepository(new Dictionary<string, string>
        {
            ["fleet/child.yaml"] = Child(child, cluster).Replace("REPO", world.Repository, StringComparison.Ordinal),
        });
        var (first, _) = await AddRootAsync(client, config);
        await EventuallyAsync(() => ControlPlaneAsync(client, first), s => s["sync"]?.GetValue<string>() == "Synced");

        var (second, _) = await AddRootAsync(client, config);
        var status = await EventuallyAsync(() => ControlPlaneAsync(client, second), s => s["conditions"]?.AsArray().Count > 1);
        var owner = await JsonAsync(await client.GetAsync($"/api/v1/metadata/applications/{child}"));

        var notOwned = status["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "NotOwned")!;
        Assert.Contains($"Application {child} is owned by application {first}", notOwned["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(first, owner["owner"]!.GetValue<string>());
    }

    [Fact]
    public async Task AppOfApps_InvalidDocument_WritesNothingAndNamesFileAndLine()
    {
        var (client, world, cluster) = await WorldAsync();
        var valid = Unique("child");
        var config = FleetHost.CreateRepository(new Dictionary<string, string>
        {
            ["fleet/a.yaml"] = Child(valid, cluster).Replace("REPO", world.Repository, StringComparison.Ordinal),
            ["fleet/b.yaml"] = "# a second document with a typo in its kind\napiVersion: fleet.dev/v1\nkind: Aplication\nmetadata: {name: typo}\nspec: {}\n",
        });

        var (root, _) = await AddRootAsync(client, config);
        var status = await EventuallyAsync(() => ControlPlaneAsync(client, root), s => s["conditions"]?.AsArray().Count > 0);
        var child = await client.GetAsync($"/api/v1/applications/{valid}");

        var failed = status["conditions"]!.AsArray().Single()!;
        Assert.Equal("RenderFailed", failed["type"]!.GetValue<string>());
        Assert.Contains("fleet/b.yaml:2: Aplication typo: kind Aplication is not a Fleet kind", failed["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, child.StatusCode);
    }

    [Fact]
    public async Task AppOfApps_DocumentNamingAMissingRepository_WritesNothing()
    {
        var (client, world, cluster) = await WorldAsync();
        var (valid, orphan, missing) = (Unique("child"), Unique("orphan"), Unique("nowhere"));
        var config = FleetHost.CreateRepository(new Dictionary<string, string>
        {
            ["fleet/a.yaml"] = Child(valid, cluster).Replace("REPO", world.Repository, StringComparison.Ordinal),
            ["fleet/b.yaml"] = Child(orphan, cluster).Replace("REPO", missing, StringComparison.Ordinal),
        });

        var (root, _) = await AddRootAsync(client, config);
        var status = await EventuallyAsync(() => ControlPlaneAsync(client, root), s => s["conditions"]?.AsArray().Count > 0);
        var child = await client.GetAsync($"/api/v1/applications/{valid}");

        var failed = status["conditions"]!.AsArray().Single()!;
        Assert.Equal("RenderFailed", failed["type"]!.GetValue<string>());
        Assert.Contains($"fleet/b.yaml:1: Application {orphan}: spec.repository names {missing}, which neither exists nor is declared here",
            failed["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, child.StatusCode);
    }

    [Fact]
    public async Task AppOfApps_RepositoryDeclaredBesideTheApplication_IsWrittenFirst()
    {
        var (client, world, cluster) = await WorldAsync();
        var (child, repository) = (Unique("child"), Unique("declared"));
        var config = FleetHost.CreateRepository(new Dictionary<string, string>
        {
            ["fleet/app.yaml"] = Child(child, cluster).Replace("REPO", repository, StringComparison.Ordinal),
            ["fleet/repository.yaml"] = $"apiVersion: fleet.dev/v1\nkind: Repository\nmetadata: {{name: {repository}}}\nspec: {{url: {host.RepositoryPath}, branch: main}}\n",
        });

        var (root, _) = await AddRootAsync(client, config);
        var status = await EventuallyAsync(() => ControlPlaneAsync(client, root), s => s["sync"]?.GetValue<string>() == "Synced");

        Assert.Equal(2, status["resources"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/applications/{child}")).StatusCode);
    }

    [Fact]
    public async Task PutApplication_ControlPlaneWithClusters_Answers400()
    {
        using var client = host.CreateClient();
        using var put = await client.PutAsJsonAsync($"/api/v1/applications/{Unique("root")}", new
        {
            repository = "anything",
            path = "fleet",
            destination = new { controlPlane = true, clusters = new[] { "c" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Contains("destination.controlPlane", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
