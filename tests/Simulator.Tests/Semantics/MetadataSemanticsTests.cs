using System.Text.Json.Nodes;
using Fleet.Simulator.Tests.Infrastructure;

namespace Fleet.Simulator.Tests.Semantics;

[Collection(SimulatorCollection.Name)]
public sealed class MetadataSemanticsTests(SimulatorFixture fixture)
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private const string Deployments = "/apis/apps/v1/namespaces/default/deployments";

    [Fact]
    public async Task Create_ClientSetsUidAndTimestamp_ServerReplacesThem()
    {
        var cluster = fixture.NewCluster();
        var body = Manifests.ConfigMap("a");
        body["metadata"]!["uid"] = "client-uid";
        body["metadata"]!["creationTimestamp"] = "2000-01-01T00:00:00Z";

        var reply = await cluster.PostAsync(ConfigMaps, body);

        Assert.Equal(201, reply.Code);
        var metadata = reply.Json["metadata"]!;
        Assert.NotEqual("client-uid", metadata["uid"]!.GetValue<string>());
        Assert.True(Guid.TryParse(metadata["uid"]!.GetValue<string>(), out _));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", metadata["creationTimestamp"]!.GetValue<string>());
        Assert.NotEqual("2000-01-01T00:00:00Z", metadata["creationTimestamp"]!.GetValue<string>());
    }

    [Fact]
    public async Task ResourceVersion_SuccessiveWritesAcrossTypes_IncreasesMonotonically()
    {
        var cluster = fixture.NewCluster();
        var versions = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            versions.Add(long.Parse((await cluster.PostAsync(ConfigMaps, Manifests.ConfigMap($"c{i}"))).Rv!));
            versions.Add(long.Parse((await cluster.PostAsync("/api/v1/namespaces", Manifests.Namespace($"n{i}"))).Rv!));
        }

        Assert.Equal(versions.OrderBy(v => v), versions);
        Assert.Equal(versions.Count, versions.Distinct().Count());
        var list = await cluster.GetAsync(ConfigMaps);
        Assert.Equal(versions.Max(), long.Parse(list.Rv!));
    }

    [Fact]
    public async Task Update_IdenticalContent_KeepsResourceVersion()
    {
        var cluster = fixture.NewCluster();
        var created = await cluster.PostAsync(ConfigMaps, Manifests.ConfigMap("same"));

        var again = await cluster.PutAsync($"{ConfigMaps}/same", Manifests.ConfigMap("same"));

        Assert.Equal(200, again.Code);
        Assert.Equal(created.Rv, again.Rv);
    }

    [Fact]
    public async Task Generation_SpecChangeBumps_LabelChangeDoesNot()
    {
        var cluster = fixture.NewCluster();
        var created = await cluster.PostAsync(Deployments, Manifests.Deployment("web"));
        Assert.Equal(1, created.Json["metadata"]!["generation"]!.GetValue<long>());

        var relabelled = await cluster.PatchAsync($"{Deployments}/web", """{"metadata":{"labels":{"team":"a"}}}""", "application/merge-patch+json");
        Assert.Equal(1, relabelled.Json["metadata"]!["generation"]!.GetValue<long>());
        Assert.NotEqual(created.Rv, relabelled.Rv);

        var rescaled = await cluster.PatchAsync($"{Deployments}/web", """{"spec":{"replicas":5}}""", "application/merge-patch+json");
        Assert.Equal(2, rescaled.Json["metadata"]!["generation"]!.GetValue<long>());

        var annotated = await cluster.PatchAsync($"{Deployments}/web", """{"metadata":{"annotations":{"note":"x"}}}""", "application/merge-patch+json");
        Assert.Equal(3, annotated.Json["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task StatusWrite_ThroughSubresource_DoesNotBumpGenerationNorChangeSpec()
    {
        var cluster = fixture.NewCluster();
        await cluster.PostAsync(Deployments, Manifests.Deployment("web", replicas: 1));
        var current = (await cluster.GetAsync($"{Deployments}/web")).Json;
        current["status"] = new JsonObject { ["observedGeneration"] = 99 };
        current["spec"]!["replicas"] = 7;

        var reply = await cluster.PutAsync($"{Deployments}/web/status", current);

        Assert.Equal(200, reply.Code);
        Assert.Equal(1, reply.Json["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal(1, reply.Json["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal(99, reply.Json["status"]!["observedGeneration"]!.GetValue<long>());
    }

    [Fact]
    public async Task MainResourceWrite_WithStatus_IgnoresStatus()
    {
        var cluster = fixture.NewCluster();
        var body = Manifests.Deployment("web", replicas: 0);
        body["status"] = new JsonObject { ["observedGeneration"] = 42 };

        var reply = await cluster.PostAsync(Deployments, body);

        Assert.Equal(201, reply.Code);
        Assert.NotEqual(42, reply.Json["status"]?["observedGeneration"]?.GetValue<long>() ?? 0);
    }

    [Fact]
    public async Task Create_MissingNamespace_Answers404ForTheNamespace()
    {
        var cluster = fixture.NewCluster();

        var reply = await cluster.PostAsync("/api/v1/namespaces/nowhere/configmaps", Manifests.ConfigMap("a"));

        Assert.Equal(404, reply.Code);
        Assert.Equal("Status", reply.Json["kind"]!.GetValue<string>());
        Assert.Equal("NotFound", reply.Json["reason"]!.GetValue<string>());
        Assert.Equal("namespaces \"nowhere\" not found", reply.Json["message"]!.GetValue<string>());
        Assert.Equal("namespaces", reply.Json["details"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_Twice_Answers409AlreadyExists()
    {
        var cluster = fixture.NewCluster();
        await cluster.PostAsync(Deployments, Manifests.Deployment("web"));

        var reply = await cluster.PostAsync(Deployments, Manifests.Deployment("web"));

        Assert.Equal(409, reply.Code);
        Assert.Equal("AlreadyExists", reply.Json["reason"]!.GetValue<string>());
        Assert.Equal("deployments.apps \"web\" already exists", reply.Json["message"]!.GetValue<string>());
        Assert.Equal("apps", reply.Json["details"]!["group"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_StaleResourceVersion_Answers409Conflict()
    {
        var cluster = fixture.NewCluster();
        var created = (await cluster.PostAsync(ConfigMaps, Manifests.ConfigMap("a"))).Json;
        await cluster.PatchAsync($"{ConfigMaps}/a", """{"data":{"k":"changed"}}""", "application/merge-patch+json");
        created["data"]!["k"] = "mine";

        var reply = await cluster.PutAsync($"{ConfigMaps}/a", created);

        Assert.Equal(409, reply.Code);
        Assert.Equal("Conflict", reply.Json["reason"]!.GetValue<string>());
        Assert.Contains("the object has been modified", reply.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_Missing_Answers404WithGroupResource()
    {
        var cluster = fixture.NewCluster();

        var reply = await cluster.GetAsync($"{Deployments}/ghost");

        Assert.Equal(404, reply.Code);
        Assert.Equal("deployments.apps \"ghost\" not found", reply.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_MalformedBody_Answers400()
    {
        var cluster = fixture.NewCluster();

        var reply = await cluster.SendAsync(HttpMethod.Post, ConfigMaps, "{not json", "application/json");

        Assert.Equal(400, reply.Code);
        Assert.Equal("BadRequest", reply.Json["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_BadName_Answers422Invalid()
    {
        var cluster = fixture.NewCluster();

        var reply = await cluster.PostAsync(Deployments, Manifests.Deployment("Bad_Name"));

        Assert.Equal(422, reply.Code);
        Assert.Equal("Invalid", reply.Json["reason"]!.GetValue<string>());
        Assert.StartsWith("Deployment.apps \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\"", reply.Json["message"]!.GetValue<string>());
        Assert.Equal("metadata.name", reply.Json["details"]!["causes"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_WithFinalizer_MarksThenRemovesWhenFinalizersCleared()
    {
        var cluster = fixture.NewCluster();
        var body = Manifests.ConfigMap("held");
        body["metadata"]!["finalizers"] = new JsonArray("example.com/hold");
        await cluster.PostAsync(ConfigMaps, body);

        var deleted = await cluster.DeleteAsync($"{ConfigMaps}/held");
        Assert.Equal(200, deleted.Code);
        Assert.NotNull(deleted.Json["metadata"]!["deletionTimestamp"]);
        Assert.Equal(200, (await cluster.GetAsync($"{ConfigMaps}/held")).Code);

        await cluster.PatchAsync($"{ConfigMaps}/held", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");

        Assert.Equal(404, (await cluster.GetAsync($"{ConfigMaps}/held")).Code);
    }

    [Fact]
    public async Task Delete_WithoutFinalizers_RemovesAtOnceAndAnswersSuccess()
    {
        var cluster = fixture.NewCluster();
        await cluster.PostAsync(ConfigMaps, Manifests.ConfigMap("gone"));

        var deleted = await cluster.DeleteAsync($"{ConfigMaps}/gone");

        Assert.Equal(200, deleted.Code);
        Assert.Equal("Success", deleted.Json["status"]!.GetValue<string>());
        Assert.Equal(404, (await cluster.GetAsync($"{ConfigMaps}/gone")).Code);
    }

    [Fact]
    public async Task Delete_WithUidPrecondition_RemovesOnlyThatObject()
    {
        var cluster = fixture.NewCluster();
        var created = await cluster.PostAsync(ConfigMaps, Manifests.ConfigMap("pinned"));
        var uid = created.Json["metadata"]!["uid"]!.GetValue<string>();

        var refused = await cluster.SendAsync(HttpMethod.Delete, $"{ConfigMaps}/pinned",
            """{"apiVersion":"v1","kind":"DeleteOptions","preconditions":{"uid":"not-this-one"}}""", "application/json");
        Assert.Equal(409, refused.Code);
        Assert.Equal("Conflict", refused.Json["reason"]!.GetValue<string>());
        Assert.Equal($"Precondition failed: UID in precondition: not-this-one, UID in object meta: {uid}", refused.Json["message"]!.GetValue<string>());
        Assert.Equal(200, (await cluster.GetAsync($"{ConfigMaps}/pinned")).Code);

        var deleted = await cluster.SendAsync(HttpMethod.Delete, $"{ConfigMaps}/pinned",
            $$$"""{"apiVersion":"v1","kind":"DeleteOptions","preconditions":{"uid":"{{{uid}}}"}}""", "application/json");
        Assert.Equal(200, deleted.Code);
        Assert.Equal(404, (await cluster.GetAsync($"{ConfigMaps}/pinned")).Code);
    }

    [Fact]
    public async Task DeleteNamespace_WithContents_TerminatesThenRemovesEverything()
    {
        var cluster = fixture.NewCluster();
        await cluster.PostAsync("/api/v1/namespaces", Manifests.Namespace("team"));
        await cluster.PostAsync("/api/v1/namespaces/team/configmaps", Manifests.ConfigMap("a"));
        await cluster.PostAsync("/apis/apps/v1/namespaces/team/deployments", Manifests.Deployment("web"));

        var deleted = await cluster.DeleteAsync("/api/v1/namespaces/team");
        Assert.Equal(200, deleted.Code);
        Assert.Equal("Terminating", deleted.Json["status"]!["phase"]!.GetValue<string>());

        var gone = await TestCluster.EventuallyAsync(() => cluster.GetAsync("/api/v1/namespaces/team"), r => r.Code == 404);
        Assert.Equal(404, gone.Code);
        Assert.Empty((await cluster.GetAsync("/api/v1/namespaces/team/configmaps")).Json["items"]!.AsArray());
        Assert.Empty((await cluster.GetAsync("/apis/apps/v1/namespaces/team/deployments")).Json["items"]!.AsArray());
    }

    [Fact]
    public async Task Create_InTerminatingNamespace_Answers403()
    {
        var cluster = fixture.NewCluster();
        await cluster.PostAsync("/api/v1/namespaces", Manifests.Namespace("closing"));
        var held = Manifests.ConfigMap("held");
        held["metadata"]!["finalizers"] = new JsonArray("example.com/hold");
        await cluster.PostAsync("/api/v1/namespaces/closing/configmaps", held);
        await cluster.DeleteAsync("/api/v1/namespaces/closing");

        var reply = await cluster.PostAsync("/api/v1/namespaces/closing/configmaps", Manifests.ConfigMap("late"));

        Assert.Equal(403, reply.Code);
        Assert.Equal("NamespaceTerminating", reply.Json["details"]!["causes"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_DryRun_ValidatesButStoresNothing()
    {
        var cluster = fixture.NewCluster();

        var reply = await cluster.PostAsync($"{ConfigMaps}?dryRun=All", Manifests.ConfigMap("dry"));

        Assert.Equal(201, reply.Code);
        Assert.Equal("dry", reply.Json["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(404, (await cluster.GetAsync($"{ConfigMaps}/dry")).Code);
    }

    [Fact]
    public async Task Namespace_OnCreate_GetsPhaseFinalizerAndNameLabel()
    {
        var cluster = fixture.NewCluster();

        var reply = await cluster.PostAsync("/api/v1/namespaces", Manifests.Namespace("apps"));

        Assert.Equal("Active", reply.Json["status"]!["phase"]!.GetValue<string>());
        Assert.Equal("kubernetes", reply.Json["spec"]!["finalizers"]![0]!.GetValue<string>());
        Assert.Equal("apps", reply.Json["metadata"]!["labels"]!["kubernetes.io/metadata.name"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnknownResource_Answers404PageNotFound()
    {
        var cluster = fixture.NewCluster();

        var reply = await cluster.GetAsync("/apis/example.com/v1/namespaces/default/widgets");

        Assert.Equal(404, reply.Code);
        Assert.Equal("404 page not found\n", reply.Body);
    }

    [Fact]
    public async Task Scale_Subresource_ReadsAndWritesReplicas()
    {
        var cluster = fixture.NewCluster();
        await cluster.PostAsync(Deployments, Manifests.Deployment("web", replicas: 2));

        var scale = await cluster.GetAsync($"{Deployments}/web/scale");
        Assert.Equal("Scale", scale.Json["kind"]!.GetValue<string>());
        Assert.Equal(2, scale.Json["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal("app=web", scale.Json["status"]!["selector"]!.GetValue<string>());

        var patched = await cluster.PatchAsync($"{Deployments}/web/scale", """{"spec":{"replicas":4}}""", "application/merge-patch+json");

        Assert.Equal(200, patched.Code);
        Assert.Equal(4, (await cluster.GetAsync($"{Deployments}/web")).Json["spec"]!["replicas"]!.GetValue<long>());
    }

    [Fact]
    public async Task Create_ProtobufBody_Answers415()
    {
        var cluster = fixture.NewCluster();

        var reply = await cluster.SendAsync(HttpMethod.Post, ConfigMaps, "k8s\0", "application/vnd.kubernetes.protobuf");

        Assert.Equal(415, reply.Code);
        Assert.Equal("UnsupportedMediaType", reply.Json["reason"]!.GetValue<string>());
    }
}
