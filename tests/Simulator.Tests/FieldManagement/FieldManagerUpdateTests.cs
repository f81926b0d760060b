using System.Text.Json.Nodes;
using Fleet.Simulator.FieldManagement;
using static Fleet.Simulator.Tests.FieldManagement.Json;

namespace Fleet.Simulator.Tests.FieldManagement;

public sealed class FieldManagerUpdateTests
{
    private const string Web = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
         "spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}}
        """;

    [Fact]
    public void Update_Create_OwnsEveryFieldSet()
    {
        var created = FieldManager.Update(null, Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"1"}},"data":{"k":"v"}}"""),
            "kubectl-create", MergeSchema.For(Model.BuiltInTypes.ConfigMap), "v1", T1);

        var entry = Assert.Single(ManagedFields(created));
        AssertJson("""
            {"manager":"kubectl-create","operation":"Update","apiVersion":"v1","time":"2024-05-01T12:00:00Z","fieldsType":"FieldsV1",
             "fieldsV1":{"f:data":{".":{},"f:k":{}},"f:metadata":{".":{},"f:labels":{".":{},"f:a":{}}}}}
            """, entry);
    }

    [Fact]
    public void Update_ChangedField_IsTakenFromApplyManager()
    {
        var created = Applied(null, Web, "kubectl");
        var scaled = (JsonObject)created.DeepClone();
        scaled["spec"]!["replicas"] = 5;

        var updated = FieldManager.Update(created, scaled, "kube-controller-manager", Deployments, "apps/v1", T2);

        Assert.Equal(5, (int?)updated["spec"]!["replicas"]);
        Assert.False(FieldsV1(updated, "kubectl")["f:spec"]!.AsObject().ContainsKey("f:replicas"));
        var entry = Entry(updated, "kube-controller-manager", "Update");
        AssertJson("""{"f:spec":{"f:replicas":{}}}""", entry["fieldsV1"]);
        Assert.Equal("apps/v1", (string?)entry["apiVersion"]);
        Assert.Equal("2024-05-01T12:05:00Z", (string?)entry["time"]);
        // The apply entry lost a field but was not written by this manager: its time stays.
        Assert.Equal("2024-05-01T12:00:00Z", (string?)Entry(updated, "kubectl")["time"]);
    }

    [Fact]
    public void Update_RemovedField_IsDroppedFromEveryManager()
    {
        var created = Applied(null, Web, "kubectl");
        var edited = (JsonObject)created.DeepClone();
        edited["spec"]!.AsObject().Remove("replicas");

        var updated = FieldManager.Update(created, edited, "kubectl-edit", Deployments, "apps/v1", T2);

        Assert.False(FieldsV1(updated, "kubectl")["f:spec"]!.AsObject().ContainsKey("f:replicas"));
        // Removing only gives the editor nothing to own, so it gets no entry.
        Assert.Null(FindEntry(updated, "kubectl-edit", "Update"));
    }

    [Fact]
    public void Update_NothingChanged_KeepsManagedFields()
    {
        var created = Applied(null, Web, "kubectl");

        var updated = FieldManager.Update(created, (JsonObject)created.DeepClone(), "kubectl-replace", Deployments, "apps/v1", T2);

        AssertJson(created.ToJsonString(), updated);
    }

    [Fact]
    public void Update_EntriesWhoseFieldsAreAllTaken_AreRemoved()
    {
        var created = Applied(null, """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":1}}""", "kubectl");
        var scaled = (JsonObject)created.DeepClone();
        scaled["spec"]!["replicas"] = 4;

        var updated = FieldManager.Update(created, scaled, "hpa", Deployments, "apps/v1", T2);

        var entry = Assert.Single(ManagedFields(updated));
        Assert.Equal("hpa", (string?)entry!["manager"]);
    }

    [Fact]
    public void Update_ThenApplyWithForce_MovesFieldBack()
    {
        var created = Applied(null, Web, "kubectl");
        var scaled = (JsonObject)created.DeepClone();
        scaled["spec"]!["replicas"] = 5;
        scaled = FieldManager.Update(created, scaled, "hpa", Deployments, "apps/v1", T2);

        var forced = Applied(scaled, Web, "kubectl", force: true);

        Assert.Equal(2, (int?)forced["spec"]!["replicas"]);
        Assert.Null(FindEntry(forced, "hpa", "Update"));
    }

    [Fact]
    public void FormatConflictMessage_SeveralManagers_GroupsSortedWithSubresource()
    {
        FieldConflict[] conflicts =
        [
            new("zeta", "Update", "apps/v1", "status", ".status.replicas"),
            new("alpha", "Apply", "apps/v1", null, ".spec.x"),
            new("zeta", "Update", "apps/v1", "status", ".status.ready"),
        ];

        var message = FieldManager.FormatConflictMessage(conflicts);

        Assert.Equal(
            "Apply failed with 3 conflicts: conflicts with \"alpha\":\n- .spec.x\n" +
            "conflicts with \"zeta\" with subresource \"status\" using apps/v1:\n- .status.replicas\n- .status.ready",
            message);
    }
}
