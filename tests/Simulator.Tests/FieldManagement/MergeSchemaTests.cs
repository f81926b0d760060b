using Fleet.Simulator.FieldManagement;
using Fleet.Simulator.Model;
using static Fleet.Simulator.Tests.FieldManagement.Json;

namespace Fleet.Simulator.Tests.FieldManagement;

public sealed class MergeSchemaTests
{
    private static readonly ResourceType Widgets = new()
    {
        Group = "example.com",
        Version = "v1",
        Kind = "Widget",
        Plural = "widgets",
        Singular = "widget",
        Namespaced = true,
        IsCustom = true,
        Schema = Obj("""
            {"type":"object","properties":{"spec":{"type":"object","properties":{
              "tags":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string"}},
              "args":{"type":"array","items":{"type":"string"}},
              "ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name","protocol"],
                "items":{"type":"object","properties":{"name":{"type":"string"},"protocol":{"type":"string","default":"TCP"},"port":{"type":"integer"}}}},
              "labels":{"type":"object","x-kubernetes-map-type":"atomic","additionalProperties":{"type":"string"}},
              "extra":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}}}
            """),
    };

    private static MergeSchema WidgetSchema => MergeSchema.For(Widgets);

    private static string Widget(string spec) =>
        $$"""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{{spec}}}""";

    [Fact]
    public void For_BuiltInDeployment_KnowsPodTemplateLists()
    {
        var schema = MergeSchema.For(BuiltInTypes.Deployment);

        var ports = schema.Resolve(["spec", "template", "spec", "containers", "ports"]);

        Assert.Equal(ListType.Map, ports.ListType);
        Assert.Equal(["containerPort", "protocol"], ports.Keys);
        Assert.True(schema.Resolve(["spec", "selector"]).IsAtomicMap);
        Assert.Equal(ListType.Set, schema.Resolve(["metadata", "finalizers"]).ListType);
        Assert.Equal(ListType.Atomic, schema.Resolve(["spec", "template", "spec", "containers", "args"]).ListType);
        Assert.Equal(["type"], schema.Resolve(["status", "conditions"]).Keys);
    }

    [Fact]
    public void For_CronJob_FindsContainersUnderJobTemplate()
    {
        var containers = MergeSchema.For(BuiltInTypes.CronJob).Resolve(["spec", "jobTemplate", "spec", "template", "spec", "containers"]);

        Assert.Equal(["name"], containers.Keys);
    }

    [Fact]
    public void For_SameType_IsCached()
    {
        Assert.Same(MergeSchema.For(BuiltInTypes.Pod), MergeSchema.For(BuiltInTypes.Pod));
    }

    [Fact]
    public void Apply_CustomResourceSet_MergesByValue()
    {
        var created = Applied(null, Widget("""{"tags":["a"]}"""), "one", WidgetSchema);

        var merged = Applied(created, Widget("""{"tags":["b"]}"""), "two", WidgetSchema);

        AssertJson("""["a","b"]""", merged["spec"]!["tags"]);
    }

    [Fact]
    public void Apply_CustomResourceListWithoutType_IsAtomic()
    {
        var created = Applied(null, Widget("""{"args":["a","b"]}"""), "one", WidgetSchema);

        var outcome = FieldManager.Apply(created, Obj(Widget("""{"args":["c"]}""")), "two", force: false, WidgetSchema, "example.com/v1", T2);

        Assert.Equal(".spec.args", Assert.Single(outcome.Conflicts).Path);
        AssertJson("""{"f:spec":{"f:args":{}}}""", FieldsV1(created, "one"));
    }

    [Fact]
    public void Apply_CustomResourceMapList_MergesByKeysWithSchemaDefault()
    {
        var created = Applied(null, Widget("""{"ports":[{"name":"http","port":80}]}"""), "one", WidgetSchema);

        var merged = Applied(created, Widget("""{"ports":[{"name":"http","protocol":"TCP","port":80},{"name":"dns","protocol":"UDP","port":53}]}"""), "two", WidgetSchema);

        AssertJson("""[{"name":"http","port":80,"protocol":"TCP"},{"name":"dns","protocol":"UDP","port":53}]""", merged["spec"]!["ports"]);
        Assert.True(FieldsV1(merged, "two")["f:spec"]!["f:ports"]!.AsObject().ContainsKey("k:{\"name\":\"http\",\"protocol\":\"TCP\"}"));
    }

    [Fact]
    public void Apply_CustomResourceAtomicMap_IsReplacedWhole()
    {
        var created = Applied(null, Widget("""{"labels":{"a":"1","b":"2"}}"""), "one", WidgetSchema);

        var applied = Applied(created, Widget("""{"labels":{"c":"3"}}"""), "one", WidgetSchema);

        AssertJson("""{"c":"3"}""", applied["spec"]!["labels"]);
        AssertJson("""{"f:spec":{"f:labels":{}}}""", FieldsV1(applied, "one"));
    }

    [Fact]
    public void Apply_CustomResourcePreservedUnknownFields_AreGranularWithOwnedMaps()
    {
        var created = Applied(null, Widget("""{"extra":{"deep":{"x":1}}}"""), "one", WidgetSchema);

        AssertJson("""{"f:spec":{"f:extra":{"f:deep":{".":{},"f:x":{}}}}}""", FieldsV1(created, "one"));
    }

    [Fact]
    public void Apply_CustomResourceWithoutSchema_TreatsListsAsAtomic()
    {
        var schema = MergeSchema.For(Widgets with { Schema = null });

        var created = Applied(null, Widget("""{"items":[{"name":"a"}]}"""), "one", schema);

        AssertJson("""{"f:spec":{".":{},"f:items":{}}}""", FieldsV1(created, "one"));
    }

    [Fact]
    public void Apply_CustomResourceMetadata_FollowsObjectMeta()
    {
        var created = Applied(null, """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","finalizers":["x"]}}""", "one", WidgetSchema);

        AssertJson("""{"f:metadata":{"f:finalizers":{"v:\"x\"":{}}}}""", FieldsV1(created, "one"));
    }
}
