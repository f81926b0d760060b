using System.Text.Json.Nodes;
using Fleet.Engine.Live;
using Fleet.Engine.Reconciliation;
using Fleet.Engine.Status;
using Fleet.Kubernetes.Objects;

namespace Fleet.Engine.Tests.Reconciliation;

/// <summary>
/// Builds the engine's inputs for table tests: one desired ConfigMap and Deployment per render, live objects in a
/// chosen state, an orphan Git dropped, and a clock that only moves when a test moves it.
/// </summary>
internal sealed class EngineFixture
{
    public static readonly ObjectRef Settings = new("v1", "ConfigMap", "shop", "settings");
    public static readonly ObjectRef Web = new("apps/v1", "Deployment", "shop", "web");
    public static readonly ObjectRef Namespace = new("v1", "Namespace", null, "shop");
    public static readonly ObjectRef Dropped = new("v1", "ConfigMap", "shop", "dropped");

    public const string Commit = "0123456789abcdef0123456789abcdef01234567";
    public const string RenderKey = "render-2";
    public const string FieldManager = "fleet";

    public DateTimeOffset Now { get; private set; } = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    public LiveVerdicts Live { get; } = new("shop");

    public Dictionary<ObjectRef, JsonObject> Desired { get; } = new()
    {
        [Web] = Deployment(replicas: 2),
        [Settings] = ConfigMap("blue"),
        [Namespace] = JsonNode.Parse("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop"}}""")!.AsObject(),
    };

    public List<ObjectRef> Tracked { get; } = [Settings, Web, Namespace];

    public HashSet<ObjectRef> Kept { get; } = [];

    public void Advance(TimeSpan by) => Now += by;

    public ReconcileInput Input(SyncPolicy policy, SyncTrigger? trigger = null, bool renderChanged = false, Pin? pin = null) => new()
    {
        Commit = Commit,
        RenderKey = RenderKey,
        Desired = Desired,
        Tracked = Tracked,
        Kept = Kept,
        AppliedRenderKey = renderChanged ? "render-1" : RenderKey,
        Policy = policy,
        Pin = pin,
        Trigger = trigger ?? SyncTrigger.Automatic,
    };

    /// <summary>Every desired object live exactly as Git says, and healthy.</summary>
    public EngineFixture AllLiveAsDesired()
    {
        foreach (var (reference, desired) in Desired)
        {
            Live.Judge(reference, desired, Healthy(desired), RenderKey, FieldManager, Now);
        }
        return this;
    }

    /// <summary>The ConfigMap edited by hand on the cluster.</summary>
    public EngineFixture SettingsDrifted()
    {
        Live.Judge(Settings, Desired[Settings], ConfigMap("red"), RenderKey, FieldManager, Now);
        return this;
    }

    /// <summary>The Deployment deleted on the cluster.</summary>
    public EngineFixture WebMissing()
    {
        Live.Judge(Web, Desired[Web], null, RenderKey, FieldManager, Now);
        return this;
    }

    /// <summary>Git no longer declares a ConfigMap Fleet applied, which is still live.</summary>
    public EngineFixture WithOrphan()
    {
        Tracked.Add(Dropped);
        Live.Judge(Dropped, null, ConfigMap("old", "dropped"), RenderKey, FieldManager, Now);
        return this;
    }

    public static JsonObject ConfigMap(string colour, string name = "settings") => JsonNode.Parse($$$"""
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","namespace":"shop","labels":{"fleet.dev/application":"shop"}},"data":{"colour":"{{{colour}}}"}}
        """)!.AsObject();

    public static JsonObject Deployment(int replicas) => JsonNode.Parse($$$"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop"},
         "spec":{"replicas":{{{replicas}}},"selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"web:1"}]} } } }
        """)!.AsObject();

    // The live copy of a desired object as a cluster answers it: status filled in by the controllers.
    private static JsonObject Healthy(JsonObject desired)
    {
        var live = desired.DeepClone().AsObject();
        live["metadata"]!["resourceVersion"] = "7";
        if (live["kind"]!.GetValue<string>() == "Deployment")
        {
            live["metadata"]!["generation"] = 1;
            var replicas = live["spec"]!["replicas"]!.GetValue<int>();
            live["status"] = new JsonObject
            {
                ["observedGeneration"] = 1, ["replicas"] = replicas, ["updatedReplicas"] = replicas,
                ["readyReplicas"] = replicas, ["availableReplicas"] = replicas,
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Available", ["status"] = "True" }),
            };
        }
        return live;
    }
}
