using System.Text.Json.Nodes;
using Fleet.Engine.Live;
using Fleet.Engine.Status;
using Fleet.Kubernetes.Objects;

namespace Fleet.Engine.Tests.Live;

public sealed class LiveVerdictsTests
{
    private static readonly ObjectRef Settings = new("v1", "ConfigMap", "default", "settings");
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);

    private static JsonObject ConfigMap(string value) => JsonNode.Parse($$$"""
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"default"},"data":{"setting":"{{{value}}}"}}
        """)!.AsObject();

    [Fact]
    public void Judge_LiveEqualToDesired_IsInSyncAndCurrentForThatRenderOnly()
    {
        var verdicts = new LiveVerdicts("shop");

        verdicts.Judge(Settings, ConfigMap("one"), ConfigMap("one"), "render-1", "fleet", Now);

        Assert.True(verdicts.DiffOf(Settings, "render-1")!.InSync);
        Assert.True(verdicts.IsCurrent(Settings, desired: true, "render-1"));
        Assert.False(verdicts.IsCurrent(Settings, desired: true, "render-2"));
        Assert.Null(verdicts.DiffOf(Settings, "render-2"));
        Assert.Equal(HealthStatus.Healthy, verdicts.HealthOf(Settings).Status);
        Assert.Equal(Now, verdicts.Since);
    }

    [Fact]
    public void Relisted_ObjectNotListedAgain_ArrivesAsDeletedAndOthersStay()
    {
        var verdicts = new LiveVerdicts("shop");
        var other = Settings with { Name = "other" };
        verdicts.Judge(Settings, ConfigMap("one"), ConfigMap("one"), "render-1", "fleet", Now);
        verdicts.Judge(other, ConfigMap("one"), ConfigMap("one"), "render-1", "fleet", Now);

        var changed = verdicts.Relisted("v1/ConfigMap", new HashSet<ObjectRef> { other });
        verdicts.JudgeArrivals(new Dictionary<ObjectRef, JsonObject> { [Settings] = ConfigMap("one"), [other] = ConfigMap("one") }, "render-1", "fleet", Now);

        Assert.True(changed);
        Assert.Equal(HealthStatus.Missing, verdicts.HealthOf(Settings).Status);
        Assert.Equal(HealthStatus.Healthy, verdicts.HealthOf(other).Status);
        Assert.False(verdicts.Relisted("apps/v1/Deployment", new HashSet<ObjectRef>()));
    }

    [Fact]
    public void JudgeArrivals_EditedObject_DiffersAndTheArrivalIsDropped()
    {
        var verdicts = new LiveVerdicts("shop");
        var desired = new Dictionary<ObjectRef, JsonObject> { [Settings] = ConfigMap("one") };
        verdicts.Judge(Settings, desired[Settings], ConfigMap("one"), "render-1", "fleet", Now);

        verdicts.Arrived(Settings, ConfigMap("hacked"));
        verdicts.JudgeArrivals(desired, "render-1", "fleet", Now);

        var diff = verdicts.DiffOf(Settings, "render-1")!;
        Assert.False(diff.InSync);
        Assert.Contains(diff.Differences, d => d.Path.Contains("setting", StringComparison.Ordinal));

        // Judging again without a new arrival keeps the verdict: the arrival was consumed.
        verdicts.Judge(Settings, desired[Settings], ConfigMap("one"), "render-1", "fleet", Now);
        verdicts.JudgeArrivals(desired, "render-1", "fleet", Now);
        Assert.True(verdicts.DiffOf(Settings, "render-1")!.InSync);
    }

    private static JsonObject Written(string value, string resourceVersion)
    {
        var obj = ConfigMap(value);
        obj["metadata"]!["resourceVersion"] = resourceVersion;
        return obj;
    }

    [Fact]
    public void Arrived_EchoOfTheJudgedWrite_IsNotKeptAndDropsOlderArrivals()
    {
        var verdicts = new LiveVerdicts("shop");
        var desired = new Dictionary<ObjectRef, JsonObject> { [Settings] = ConfigMap("two") };
        // The instance applied "two" and judged the answer (resourceVersion 12); an event from before the write
        // (11, still "one") and then the write's own event (12) arrive afterwards.
        verdicts.Judge(Settings, desired[Settings], Written("two", "12"), "render-1", "fleet", Now);

        Assert.True(verdicts.Arrived(Settings, Written("one", "11")));
        Assert.False(verdicts.AllJudged);
        Assert.False(verdicts.Arrived(Settings, Written("two", "12")));

        Assert.True(verdicts.AllJudged);
        verdicts.JudgeArrivals(desired, "render-1", "fleet", Now);
        Assert.True(verdicts.DiffOf(Settings, "render-1")!.InSync);
    }

    [Theory]
    [InlineData("12", true)]
    [InlineData("13", false)]
    [InlineData("opaque-12", false)]
    [InlineData(null, false)]
    public void IsEcho_OnlyTheJudgedResourceVersion_AndItDropsOlderArrivals(string? resourceVersion, bool echo)
    {
        var verdicts = new LiveVerdicts("shop");
        verdicts.Judge(Settings, ConfigMap("two"), Written("two", "12"), "render-1", "fleet", Now);
        verdicts.Arrived(Settings, Written("one", "11"));

        Assert.Equal(echo, verdicts.IsEcho(Settings, resourceVersion));
        Assert.Equal(echo, verdicts.AllJudged);
    }

    [Fact]
    public void ObjectIdentityOfText_ReadsTheSameIdentityAsFromTheDocument()
    {
        var live = Written("two", "12");
        var text = System.Text.Encoding.UTF8.GetBytes(live.ToJsonString());

        Assert.Equal(ObjectIdentity.Of(live), ObjectIdentity.Of(text));
        Assert.Equal(new ObjectRef("v1", "Namespace", null, "shop"),
            ObjectIdentity.Of("{\"metadata\":{\"namespace\":\"\",\"name\":\"shop\"},\"apiVersion\":\"v1\",\"kind\":\"Namespace\"}"u8));
    }

    [Theory]
    [InlineData("13")]
    [InlineData("opaque-12")]
    public void Arrived_NewerOrOpaqueResourceVersion_IsKeptForJudging(string resourceVersion)
    {
        var verdicts = new LiveVerdicts("shop");
        verdicts.Judge(Settings, ConfigMap("two"), Written("two", resourceVersion == "13" ? "12" : resourceVersion), "render-1", "fleet", Now);

        Assert.True(verdicts.Arrived(Settings, Written("hacked", resourceVersion)));
        Assert.True(verdicts.Arrived(Settings, null));
        Assert.False(verdicts.AllJudged);
    }

    [Fact]
    public void ForgetProgressing_ForgetsOnlyObjectsStillOnTheirWay()
    {
        var verdicts = new LiveVerdicts("shop");
        var rollout = new ObjectRef("apps/v1", "Deployment", "default", "web");
        var deployment = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default","generation":1},
             "spec":{"replicas":2},"status":{"observedGeneration":1,"replicas":2,"updatedReplicas":2,"availableReplicas":1}}
            """)!.AsObject();
        verdicts.Judge(Settings, ConfigMap("one"), ConfigMap("one"), "render-1", "fleet", Now);
        verdicts.Judge(rollout, null, deployment, "render-1", "fleet", Now);
        Assert.Equal(HealthStatus.Progressing, verdicts.HealthOf(rollout).Status);

        Assert.True(verdicts.ForgetProgressing());

        Assert.False(verdicts.IsCurrent(rollout, desired: false, "render-1"));
        Assert.True(verdicts.IsCurrent(Settings, desired: true, "render-1"));
        Assert.False(verdicts.ForgetProgressing());
    }

    [Fact]
    public void JudgeArrivals_DeletedObject_IsMissingAndOutOfSync()
    {
        var verdicts = new LiveVerdicts("shop");
        var desired = new Dictionary<ObjectRef, JsonObject> { [Settings] = ConfigMap("one") };

        verdicts.Arrived(Settings, null);
        verdicts.JudgeArrivals(desired, "render-1", "fleet", Now);

        Assert.False(verdicts.DiffOf(Settings, "render-1")!.InSync);
        Assert.Equal(HealthStatus.Missing, verdicts.HealthOf(Settings).Status);
    }

    [Fact]
    public void Judge_ObjectGitNoLongerDeclares_KeepsHealthForAnyRender()
    {
        var verdicts = new LiveVerdicts("shop");

        verdicts.Judge(Settings, null, ConfigMap("one"), "render-1", "fleet", Now);

        Assert.True(verdicts.IsCurrent(Settings, desired: false, "render-2"));
        Assert.Null(verdicts.DiffOf(Settings, "render-1"));
        Assert.Equal(HealthStatus.Healthy, verdicts.HealthOf(Settings).Status);
    }

    [Fact]
    public void Clear_ForgetsVerdictsAndPendingArrivals()
    {
        var verdicts = new LiveVerdicts("shop");
        verdicts.Judge(Settings, ConfigMap("one"), ConfigMap("one"), "render-1", "fleet", Now);
        verdicts.Arrived(Settings, ConfigMap("two"));

        verdicts.Clear();
        verdicts.JudgeArrivals(new Dictionary<ObjectRef, JsonObject>(), "render-1", "fleet", Now);

        Assert.False(verdicts.IsCurrent(Settings, desired: false, "render-1"));
        Assert.Null(verdicts.Since);
    }
}
