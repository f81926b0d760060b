using Fleet.Simulator.Tests.Infrastructure;

namespace Fleet.Simulator.Tests.Semantics;

[Collection(SimulatorCollection.Name)]
public sealed class WatchSemanticsTests(SimulatorFixture fixture)
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    [Fact]
    public async Task Watch_WithoutResourceVersion_SendsCurrentObjectsThenChanges()
    {
        var cluster = fixture.NewCluster();
        await cluster.PostAsync(ConfigMaps, Manifests.ConfigMap("before"));

        await using var watch = await WatchClient.OpenAsync(fixture.Http, $"{cluster.Url}{ConfigMaps}?watch=true");
        var first = await watch.NextAsync();
        await cluster.PostAsync(ConfigMaps, Manifests.ConfigMap("after"));
        var second = await watch.NextAsync();
        await cluster.PatchAsync($"{ConfigMaps}/after", """{"data":{"k":"2"}}""", "application/merge-patch+json");
        var third = await watch.NextAsync();
        await cluster.DeleteAsync($"{ConfigMaps}/after");
        var fourth = await watch.NextAsync();

        Assert.Equal(200, watch.StatusCode);
        Assert.Equal(("ADDED", "before"), (first!.Type(), first.ObjectName()));
        Assert.Equal(("ADDED", "after"), (second!.Type(), second.ObjectName()));
        Assert.Equal(("MODIFIED", "after"), (third!.Type(), third.ObjectName()));
        Assert.Equal(("DELETED", "after"), (fourth!.Type(), fourth.ObjectName()));
        Assert.Equal("ConfigMap", first!["object"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Watch_FromResourceVersion_SendsOnlyLaterChanges()
    {
        var cluster = fixture.NewCluster();
        await cluster.PostAsync(ConfigMaps, Manifests.ConfigMap("old"));
        var list = await cluster.GetAsync(ConfigMaps);
        await cluster.PostAsync(ConfigMaps, Manifests.ConfigMap("new"));

        await using var watch = await WatchClient.OpenAsync(fixture.Http, $"{cluster.Url}{ConfigMaps}?watch=true&resourceVersion={list.Rv}");
        var first = await watch.NextAsync();

        Assert.Equal(("ADDED", "new"), (first!.Type(), first.ObjectName()));
    }

    [Fact]
    public async Task Watch_TooOldResourceVersion_SendsExpiredError()
    {
        var cluster = fixture.NewCluster();
        var start = await cluster.PostAsync(ConfigMaps, Manifests.ConfigMap("churn"));
        for (var i = 0; i < 300; i++)
        {
            await cluster.PatchAsync($"{ConfigMaps}/churn", "{\"data\":{\"k\":\"" + i + "\"}}", "application/merge-patch+json");
        }

        await using var watch = await WatchClient.OpenAsync(fixture.Http, $"{cluster.Url}{ConfigMaps}?watch=true&resourceVersion={start.Rv}");
        var error = await watch.NextAsync();

        Assert.Equal("ERROR", error!.Type());
        Assert.NotNull(error);
        Assert.Equal(410, error["object"]!["code"]!.GetValue<int>());
        Assert.Equal("Expired", error["object"]!["reason"]!.GetValue<string>());
        Assert.StartsWith("too old resource version: ", error["object"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Watch_WithBookmarks_SendsBookmarkWithCurrentResourceVersion()
    {
        var cluster = fixture.NewCluster();
        var created = await cluster.PostAsync(ConfigMaps, Manifests.ConfigMap("a"));

        await using var watch = await WatchClient.OpenAsync(fixture.Http, $"{cluster.Url}{ConfigMaps}?watch=true&allowWatchBookmarks=true&resourceVersion={created.Rv}");
        var bookmark = await watch.NextMatchingAsync(e => e.Type() == "BOOKMARK");

        Assert.NotNull(bookmark);
        Assert.Equal(cluster.Cluster.ResourceVersion.ToString(), bookmark["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Watch_SendInitialEvents_EndsInitialListWithAnnotatedBookmark()
    {
        var cluster = fixture.NewCluster();
        await cluster.PostAsync(ConfigMaps, Manifests.ConfigMap("a"));

        await using var watch = await WatchClient.OpenAsync(fixture.Http,
            $"{cluster.Url}{ConfigMaps}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true");
        var added = await watch.NextAsync();
        var bookmark = await watch.NextAsync();

        Assert.Equal(("ADDED", "a"), (added!.Type(), added.ObjectName()));
        Assert.Equal("BOOKMARK", bookmark!.Type());
        Assert.NotNull(bookmark);
        Assert.Equal("true", bookmark["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.GetValue<string>());
    }

    [Fact]
    public async Task Watch_SendInitialEventsWithoutMatch_IsRejected()
    {
        var cluster = fixture.NewCluster();

        var reply = await cluster.GetAsync($"{ConfigMaps}?watch=true&sendInitialEvents=true");

        Assert.Equal(422, reply.Code);
    }

    [Fact]
    public async Task Watch_LabelSelector_ObjectLeavingSelectionIsDeleted()
    {
        var cluster = fixture.NewCluster();
        await cluster.PostAsync(ConfigMaps, Manifests.ConfigMap("a", labels: new() { ["tier"] = "web" }));

        await using var watch = await WatchClient.OpenAsync(fixture.Http, $"{cluster.Url}{ConfigMaps}?watch=true&labelSelector=tier%3Dweb");
        var added = await watch.NextAsync();
        await cluster.PatchAsync($"{ConfigMaps}/a", """{"metadata":{"labels":{"tier":"db"}}}""", "application/merge-patch+json");
        var left = await watch.NextAsync();
        await cluster.PatchAsync($"{ConfigMaps}/a", """{"metadata":{"labels":{"tier":"web"}}}""", "application/merge-patch+json");
        var back = await watch.NextAsync();

        Assert.Equal("ADDED", added!.Type());
        Assert.Equal("DELETED", left!.Type());
        Assert.Equal("ADDED", back!.Type());
    }

    [Fact]
    public async Task Watch_FieldSelectorOnName_SeesOnlyThatObject()
    {
        var cluster = fixture.NewCluster();

        await using var watch = await WatchClient.OpenAsync(fixture.Http, $"{cluster.Url}{ConfigMaps}?watch=true&fieldSelector=metadata.name%3Dwanted");
        await cluster.PostAsync(ConfigMaps, Manifests.ConfigMap("other"));
        await cluster.PostAsync(ConfigMaps, Manifests.ConfigMap("wanted"));
        var first = await watch.NextAsync();

        Assert.Equal("wanted", first!.ObjectName());
    }

    [Fact]
    public async Task Watch_TimeoutSeconds_EndsStream()
    {
        var cluster = fixture.NewCluster();

        await using var watch = await WatchClient.OpenAsync(fixture.Http, $"{cluster.Url}{ConfigMaps}?watch=true&timeoutSeconds=1");
        var next = await watch.NextAsync(TimeSpan.FromSeconds(5));

        Assert.Null(next);
    }

    [Fact]
    public async Task NoOpWrite_ProducesNoWatchEvent()
    {
        var cluster = fixture.NewCluster();
        var created = await cluster.PostAsync(ConfigMaps, Manifests.ConfigMap("quiet"));

        await using var watch = await WatchClient.OpenAsync(fixture.Http, $"{cluster.Url}{ConfigMaps}?watch=true&resourceVersion={created.Rv}");
        await cluster.PutAsync($"{ConfigMaps}/quiet", Manifests.ConfigMap("quiet"));
        await cluster.PostAsync(ConfigMaps, Manifests.ConfigMap("marker"));
        var first = await watch.NextAsync();

        Assert.Equal("marker", first!.ObjectName());
    }
}
