using System.Text.Json.Nodes;
using Fleet.Simulator.FieldManagement;
using Fleet.Simulator.Model;
using static Fleet.Simulator.Tests.FieldManagement.Json;

namespace Fleet.Simulator.Tests.FieldManagement;

public sealed class FieldManagerApplyTests
{
    private const string Web = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
          "template":{"metadata":{"labels":{"app":"web"}},
           "spec":{"containers":[{"name":"nginx","image":"nginx:1.27","ports":[{"containerPort":80}]}]}}}}
        """;

    [Fact]
    public void Apply_Create_RecordsExactFieldsV1()
    {
        var created = Applied(null, Web, "kubectl");

        var entry = Assert.Single(ManagedFields(created));
        AssertJson("""
            {"manager":"kubectl","operation":"Apply","apiVersion":"apps/v1","time":"2024-05-01T12:00:00Z",
             "fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:replicas":{},"f:selector":{},"f:template":{
               "f:metadata":{"f:labels":{"f:app":{}}},
               "f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{},
                 "f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}}}}}
            """, entry);
        Assert.Equal("web", (string?)created["metadata"]!["name"]);
    }

    [Fact]
    public void Apply_PortWithoutProtocol_WritesDefaultProtocol()
    {
        var created = Applied(null, Web, "kubectl");

        AssertJson("""[{"containerPort":80,"protocol":"TCP"}]""", created["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]);
    }

    [Fact]
    public void Apply_SameConfigAgain_IsNoOp()
    {
        var created = Applied(null, Web, "kubectl", now: T1);

        var again = Applied(created, Web, "kubectl", now: T2);

        AssertJson(created.ToJsonString(), again);
        Assert.Equal("2024-05-01T12:00:00Z", (string?)Entry(again, "kubectl")["time"]);
    }

    [Fact]
    public void Apply_ChangedValue_UpdatesTime()
    {
        var created = Applied(null, Web, "kubectl", now: T1);

        var changed = Applied(created, Web.Replace("\"replicas\":2", "\"replicas\":3"), "kubectl", now: T2);

        Assert.Equal(3, (int?)changed["spec"]!["replicas"]);
        Assert.Equal("2024-05-01T12:05:00Z", (string?)Entry(changed, "kubectl")["time"]);
    }

    [Fact]
    public void Apply_FieldLeftOut_IsRemoved()
    {
        var created = Applied(null, Web, "kubectl");

        var applied = Applied(created, Web.Replace("\"replicas\":2,", ""), "kubectl");

        Assert.False(applied["spec"]!.AsObject().ContainsKey("replicas"));
        Assert.False(FieldsV1(applied, "kubectl")["f:spec"]!.AsObject().ContainsKey("f:replicas"));
    }

    [Fact]
    public void Apply_ContainerLeftOut_IsRemovedWhole()
    {
        var two = Web.Replace("""[{"name":"nginx",""", """[{"name":"sidecar","image":"busybox"},{"name":"nginx",""");
        var created = Applied(null, two, "kubectl");

        var applied = Applied(created, Web, "kubectl");

        var container = Assert.Single(applied["spec"]!["template"]!["spec"]!["containers"]!.AsArray());
        Assert.Equal("nginx", (string?)container!["name"]);
    }

    [Fact]
    public void Apply_FieldLeftOutButOwnedByAnotherManager_IsKept()
    {
        var created = Applied(null, Web, "kubectl");
        var shared = Applied(created, """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":2}}""", "other");

        var applied = Applied(shared, Web.Replace("\"replicas\":2,", ""), "kubectl");

        Assert.Equal(2, (int?)applied["spec"]!["replicas"]);
        Assert.False(FieldsV1(applied, "kubectl")["f:spec"]!.AsObject().ContainsKey("f:replicas"));
        AssertJson("""{"f:spec":{"f:replicas":{}}}""", FieldsV1(applied, "other"));
    }

    [Fact]
    public void Apply_ValueOwnedByUpdateManager_ConflictsWithExactMessage()
    {
        var created = Applied(null, Web, "kubectl");
        var scaled = (JsonObject)created.DeepClone();
        scaled["spec"]!["replicas"] = 5;
        scaled = FieldManager.Update(created, scaled, "kube-controller-manager", Deployments, "apps/v1", T2);

        var outcome = FieldManager.Apply(scaled, Obj(Web), "kubectl", force: false, Deployments, "apps/v1", T2);

        Assert.False(outcome.Succeeded);
        Assert.Null(outcome.Object);
        var conflict = Assert.Single(outcome.Conflicts);
        Assert.Equal(new FieldConflict("kube-controller-manager", "Update", "apps/v1", null, ".spec.replicas"), conflict);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kube-controller-manager\" using apps/v1: .spec.replicas",
            FieldManager.FormatConflictMessage(outcome.Conflicts));
    }

    [Fact]
    public void Apply_ValueOwnedByApplyManager_ConflictsWithoutApiVersion()
    {
        var created = Applied(null, Web, "kubectl");

        var outcome = FieldManager.Apply(created, Obj(Web.Replace("nginx:1.27", "nginx:1.28")), "ci", force: false,
            Deployments, "apps/v1", T2);

        var conflict = Assert.Single(outcome.Conflicts);
        Assert.Equal(".spec.template.spec.containers[name=\"nginx\"].image", conflict.Path);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.template.spec.containers[name=\"nginx\"].image",
            FieldManager.FormatConflictMessage(outcome.Conflicts));
    }

    [Fact]
    public void Apply_Force_TakesOwnership()
    {
        var created = Applied(null, Web, "kubectl");

        var forced = Applied(created, Web.Replace("\"replicas\":2", "\"replicas\":7"), "ci", force: true);

        Assert.Equal(7, (int?)forced["spec"]!["replicas"]);
        Assert.True(FieldsV1(forced, "ci")["f:spec"]!.AsObject().ContainsKey("f:replicas"));
        Assert.False(FieldsV1(forced, "kubectl")["f:spec"]!.AsObject().ContainsKey("f:replicas"));
        // Fields the force did not change stay shared.
        Assert.True(FieldsV1(forced, "kubectl")["f:spec"]!.AsObject().ContainsKey("f:selector"));
    }

    [Fact]
    public void Apply_EqualValue_SharesOwnership()
    {
        var created = Applied(null, Web, "kubectl");

        var shared = Applied(created, """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":2}}""", "ci");

        AssertJson("""{"f:spec":{"f:replicas":{}}}""", FieldsV1(shared, "ci"));
        Assert.True(FieldsV1(shared, "kubectl")["f:spec"]!.AsObject().ContainsKey("f:replicas"));
        Assert.Equal(2, ManagedFields(shared).Count);
    }

    [Fact]
    public void Apply_ContainersFromTwoManagers_MergeByName()
    {
        var created = Applied(null, Web, "kubectl");
        const string Sidecar = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"template":{"spec":{"containers":[{"name":"proxy","image":"envoy:1"}]}}}}
            """;

        var merged = Applied(created, Sidecar, "mesh");

        var containers = merged["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal(["nginx", "proxy"], containers.Select(c => (string?)c!["name"]));
        Assert.Equal("nginx:1.27", (string?)containers[0]!["image"]);
        AssertJson("""
            {"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"proxy\"}":{".":{},"f:image":{},"f:name":{}}}}}}}
            """, FieldsV1(merged, "mesh"));

        // The first manager leaving its container out does not touch the other's.
        var after = Applied(merged, Web.Replace("""{"name":"nginx","image":"nginx:1.27","ports":[{"containerPort":80}]}""",
            """{"name":"nginx","image":"nginx:1.27"}"""), "kubectl");
        Assert.Equal(2, after["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Count);
        Assert.Null(after["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]);
    }

    [Fact]
    public void Apply_Finalizers_MergeAsSet()
    {
        var created = Applied(null, """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","finalizers":["a/one"]}}""", "first");

        var merged = Applied(created, """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","finalizers":["b/two","a/one"]}}""", "second");

        AssertJson("""["a/one","b/two"]""", merged["metadata"]!["finalizers"]);
        AssertJson("""{"f:metadata":{"f:finalizers":{"v:\"a/one\"":{},"v:\"b/two\"":{}}}}""", FieldsV1(merged, "second"));
        AssertJson("""{"f:metadata":{"f:finalizers":{"v:\"a/one\"":{}}}}""", FieldsV1(merged, "first"));
    }

    [Fact]
    public void Apply_Selector_IsReplacedWholeAndOwnedAsLeaf()
    {
        var created = Applied(null, Web, "kubectl");

        var applied = Applied(created, Web.Replace("""{"matchLabels":{"app":"web"}}""", """{"matchLabels":{"tier":"front"}}"""), "kubectl");

        AssertJson("""{"matchLabels":{"tier":"front"}}""", applied["spec"]!["selector"]);
        AssertJson("{}", FieldsV1(applied, "kubectl")["f:spec"]!["f:selector"]);
    }

    [Fact]
    public void Apply_ServiceSelector_IsAtomic()
    {
        var services = MergeSchema.For(BuiltInTypes.Service);
        var created = Applied(null, """{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"selector":{"app":"web","tier":"a"},"ports":[{"port":80}]}}""", "kubectl", services);

        var applied = Applied(created, """{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"selector":{"app":"web"},"ports":[{"port":80}]}}""", "kubectl", services);

        AssertJson("""{"app":"web"}""", applied["spec"]!["selector"]);
        AssertJson("""
            {"f:spec":{"f:ports":{"k:{\"port\":80,\"protocol\":\"TCP\"}":{".":{},"f:port":{}}},"f:selector":{}}}
            """, FieldsV1(applied, "kubectl"));
    }

    [Fact]
    public void Apply_LabelLeftOut_IsRemovedButMetadataStays()
    {
        var created = Applied(null, """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"a":"1"}}}""", "kubectl");

        var applied = Applied(created, """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"}}""", "kubectl");

        AssertJson("""{"name":"web"}""", applied["metadata"]);
    }

    [Fact]
    public void Apply_ManagedFieldsInBody_Throws()
    {
        var body = Obj("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","managedFields":[]}}""");

        var error = Assert.Throws<ArgumentException>(() =>
            FieldManager.Apply(null, body, "kubectl", force: false, Deployments, "apps/v1", T1));

        Assert.StartsWith("metadata.managedFields must be nil", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_DoesNotMutateInputs()
    {
        var created = Applied(null, Web, "kubectl");
        var liveText = created.ToJsonString();
        var config = Obj(Web.Replace("\"replicas\":2,", ""));
        var configText = config.ToJsonString();

        FieldManager.Apply(created, config, "kubectl", force: false, Deployments, "apps/v1", T2);

        Assert.Equal(liveText, created.ToJsonString());
        Assert.Equal(configText, config.ToJsonString());
    }

    [Fact]
    public void Apply_StatusSubresource_IsSeparateManagerEntry()
    {
        var created = Applied(null, Web, "kubectl");
        var status = FieldManager.Apply(created, Obj("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"status":{"replicas":2}}"""),
            "kubectl", force: false, Deployments, "apps/v1", T2, subresource: "status");

        Assert.True(status.Succeeded);
        var entries = ManagedFields(status.Object!);
        Assert.Equal(2, entries.Count);
        Assert.Equal("status", (string?)entries[1]!["subresource"]);
        Assert.True(entries[0]!["fieldsV1"]!.AsObject().ContainsKey("f:spec"));
        AssertJson("""{"f:status":{"f:replicas":{}}}""", entries[1]!["fieldsV1"]);
    }
}
