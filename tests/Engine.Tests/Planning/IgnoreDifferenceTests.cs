using System.Text.Json.Nodes;
using Fleet.Engine.Planning;
using Fleet.Kubernetes.Objects;

namespace Fleet.Engine.Tests.Planning;

public sealed class IgnoreDifferenceTests
{
    private static readonly ObjectRef Web = new("apps/v1", "Deployment", "shop", "web");

    private static JsonObject Deployment() => JsonNode.Parse("""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop","annotations":{"a/b":"x"}},
         "spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"web","image":"web:1"},{"name":"side","image":"side:1"}]}}}}
        """)!.AsObject();

    [Fact]
    public void Apply_CoveringRule_RemovesTheFieldsItNames()
    {
        var desired = Deployment();
        var rule = new IgnoreDifference { Group = "apps", Kind = "Deployment", JsonPointers = ["/spec/replicas", "/metadata/annotations/a~1b", "/spec/template/spec/containers/1/image"] };

        IgnoreDifference.Apply(desired, Web, [rule]);

        Assert.Null(desired["spec"]!["replicas"]);
        Assert.Empty(desired["metadata"]!["annotations"]!.AsObject());
        Assert.Null(desired["spec"]!["template"]!["spec"]!["containers"]![1]!["image"]);
        Assert.Equal("web:1", desired["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("", "Deployment", null, null, false)]
    [InlineData("apps", "StatefulSet", null, null, false)]
    [InlineData("apps", "Deployment", "other", null, false)]
    [InlineData("apps", "Deployment", null, "elsewhere", false)]
    [InlineData("apps", "Deployment", "web", "shop", true)]
    [InlineData("apps", "Deployment", null, null, true)]
    public void Covers_GroupKindNameNamespace(string group, string kind, string? name, string? ns, bool covers) =>
        Assert.Equal(covers, new IgnoreDifference { Group = group, Kind = kind, Name = name, Namespace = ns, JsonPointers = ["/spec/replicas"] }.Covers(Web));

    [Fact]
    public void Apply_PointerToAbsentField_ChangesNothing()
    {
        var desired = Deployment();
        var before = desired.ToJsonString();

        IgnoreDifference.Apply(desired, Web, [new IgnoreDifference { Group = "apps", Kind = "Deployment", JsonPointers = ["/spec/strategy/type", "/spec/template/spec/containers/9/image"] }]);

        Assert.Equal(before, desired.ToJsonString());
    }

    [Theory]
    [InlineData("/spec/replicas", false)]
    [InlineData("spec/replicas", true)]
    [InlineData("/", true)]
    [InlineData("/metadata/name", true)]
    [InlineData("/kind", true)]
    public void PointerProblem_RefusesWhatCannotBeIgnored(string pointer, bool problem) =>
        Assert.Equal(problem, IgnoreDifference.PointerProblem(pointer) is not null);

    private static readonly ObjectRef WebDeployment = new("apps/v1", "Deployment", "shop", "web");

    private static readonly IReadOnlyList<IgnoreDifference> ByAutoscaler =
        [new IgnoreDifference { Group = "apps", Kind = "Deployment", ManagedFieldsManagers = ["horizontal-pod-autoscaler"] }];

    private static JsonObject DesiredWeb() => JsonNode.Parse("""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop"},
         "spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"web","image":"web:1"},{"name":"proxy","image":"proxy:1"}]}}}}
        """)!.AsObject();

    private static JsonObject LiveWith(string managedFields) =>
        new() { ["metadata"] = new JsonObject { ["managedFields"] = JsonNode.Parse(managedFields) } };

    [Fact]
    public void WithoutManagedFields_FieldTheManagerTookFromFleet_IsLeftOut()
    {
        var live = LiveWith("""
            [{"manager":"fleet","operation":"Apply","fieldsV1":{"f:spec":{"f:template":{}}}},
             {"manager":"horizontal-pod-autoscaler","operation":"Update","fieldsV1":{"f:spec":{"f:replicas":{}}}}]
            """);

        var stripped = IgnoreDifference.WithoutManagedFields(DesiredWeb(), live, WebDeployment, ByAutoscaler, "fleet");

        Assert.Null(stripped["spec"]!["replicas"]);
        Assert.NotNull(stripped["spec"]!["template"]);
    }

    [Fact]
    public void WithoutManagedFields_FieldFleetOwnsToo_StaysAndTheSameObjectComesBack()
    {
        var desired = DesiredWeb();
        var live = LiveWith("""
            [{"manager":"fleet","operation":"Apply","fieldsV1":{"f:spec":{"f:replicas":{}}}},
             {"manager":"horizontal-pod-autoscaler","operation":"Update","fieldsV1":{"f:spec":{"f:replicas":{}}}}]
            """);

        Assert.Same(desired, IgnoreDifference.WithoutManagedFields(desired, live, WebDeployment, ByAutoscaler, "fleet"));
    }

    [Fact]
    public void WithoutManagedFields_KeyedListItem_OnlyTheOwnedFieldOfTheMatchingItemGoes()
    {
        var rules = new[] { new IgnoreDifference { Group = "apps", Kind = "Deployment", ManagedFieldsManagers = ["injector"] } };
        var live = LiveWith("""
            [{"manager":"injector","operation":"Update","fieldsV1":{"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"proxy\"}":{"f:image":{}}}}}}}}]
            """);

        var stripped = IgnoreDifference.WithoutManagedFields(DesiredWeb(), live, WebDeployment, rules, "fleet");

        var containers = stripped["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal("web:1", containers[0]!["image"]!.GetValue<string>());
        Assert.Null(containers[1]!["image"]);
        Assert.Equal("proxy", containers[1]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void WithoutManagedFields_RuleForAnotherKindOrNoLiveObject_ChangesNothing()
    {
        var desired = DesiredWeb();
        var live = LiveWith("""[{"manager":"horizontal-pod-autoscaler","operation":"Update","fieldsV1":{"f:spec":{"f:replicas":{}}}}]""");
        var statefulSets = new[] { new IgnoreDifference { Group = "apps", Kind = "StatefulSet", ManagedFieldsManagers = ["horizontal-pod-autoscaler"] } };

        Assert.Same(desired, IgnoreDifference.WithoutManagedFields(desired, live, WebDeployment, statefulSets, "fleet"));
        Assert.Same(desired, IgnoreDifference.WithoutManagedFields(desired, null, WebDeployment, ByAutoscaler, "fleet"));
    }

    [Theory]
    [InlineData("", "must name a field manager")]
    [InlineData("  ", "must name a field manager")]
    [InlineData("hpa\n", "control characters")]
    public void ManagerProblem_IsNamed(string manager, string problem) =>
        Assert.Contains(problem, IgnoreDifference.ManagerProblem(manager), StringComparison.Ordinal);
}
