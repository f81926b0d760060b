using System.Text.Json.Nodes;
using Fleet.Simulator.Controllers;
using Fleet.Simulator.Model;
using static Fleet.Simulator.Tests.Controllers.Simulation;

namespace Fleet.Simulator.Tests.Controllers;

public class CustomResourceDefinitionTests
{
    private static JsonObject Crd() => Parse("""
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
         "metadata":{"name":"widgets.example.com","generation":1},
         "spec":{"group":"example.com","scope":"Namespaced",
                 "names":{"plural":"widgets","singular":"widget","kind":"Widget","shortNames":["wd"],"categories":["all"]},
                 "versions":[
                   {"name":"v1alpha1","served":true,"storage":false,"schema":{"openAPIV3Schema":{"type":"object"}}},
                   {"name":"v1","served":true,"storage":true,
                    "schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object"}}}},
                    "subresources":{"status":{},"scale":{"specReplicasPath":".spec.size","statusReplicasPath":".status.size"}},
                    "additionalPrinterColumns":[{"name":"Size","type":"integer","jsonPath":".spec.size","priority":1,"description":"How big"}]},
                   {"name":"v2beta1","served":true,"storage":false},
                   {"name":"v0","served":false,"storage":false}]}}
        """);

    [Fact]
    public void Reconcile_Crd_EstablishesNames()
    {
        var controller = new CustomResourceDefinitionController();
        var crd = Crd();

        Step(controller, crd, Created);

        var status = crd["status"]!;
        Assert.True(JsonNode.DeepEquals(
            Parse("""{"categories":["all"],"kind":"Widget","listKind":"WidgetList","plural":"widgets","shortNames":["wd"],"singular":"widget"}"""),
            status["acceptedNames"]));
        var established = Condition(crd, "Established")!;
        Assert.Equal(("True", "InitialNamesAccepted", "the initial names have been accepted"),
            (established["status"]!.GetValue<string>(), established["reason"]!.GetValue<string>(), established["message"]!.GetValue<string>()));
        var names = Condition(crd, "NamesAccepted")!;
        Assert.Equal(("True", "NoConflicts", "no conflicts found"),
            (names["status"]!.GetValue<string>(), names["reason"]!.GetValue<string>(), names["message"]!.GetValue<string>()));
        Assert.True(JsonNode.DeepEquals(new JsonArray("v1"), status["storedVersions"]));
        Assert.Null(controller.Reconcile(crd, Created.AddHours(1), Options).Status);
    }

    [Fact]
    public void Reconcile_StorageVersionChange_KeepsOldStoredVersion()
    {
        var controller = new CustomResourceDefinitionController();
        var crd = Crd();
        Step(controller, crd, Created);
        foreach (var version in crd["spec"]!["versions"]!.AsArray())
        {
            version!["storage"] = version["name"]!.GetValue<string>() == "v2beta1";
        }

        Step(controller, crd, Created.AddMinutes(1));

        Assert.True(JsonNode.DeepEquals(new JsonArray("v1", "v2beta1"), crd["status"]!["storedVersions"]));
    }

    [Fact]
    public void FromDefinition_ServedVersions_InPriorityOrder()
    {
        var types = CustomResourceTypes.FromDefinition(Crd());

        Assert.Equal(["v1", "v2beta1", "v1alpha1"], types.Select(t => t.Version));
        var v1 = types[0];
        Assert.Equal(("example.com", "Widget", "widgets", "widget"), (v1.Group, v1.Kind, v1.Plural, v1.Singular));
        Assert.True(v1.Namespaced);
        Assert.True(v1.IsCustom);
        Assert.True(v1.HasStatus);
        Assert.True(v1.HasScale);
        Assert.Equal(GenerationPolicy.AllButMetadata, v1.Generation);
        Assert.Equal(".spec.size", v1.SpecReplicasPath);
        Assert.Equal(".status.size", v1.StatusReplicasPath);
        Assert.Equal(["wd"], v1.ShortNames);
        Assert.Equal(["all"], v1.Categories);
        Assert.Equal(new PrinterColumn("Size", "integer", ".spec.size", 1, "How big"), Assert.Single(v1.PrinterColumns));
        Assert.NotNull(v1.Schema!["properties"]);
        Assert.Null(v1.Schema.Parent);
        Assert.False(types[1].HasStatus);
        Assert.Null(types[1].Schema);
    }

    [Theory]
    [InlineData(new[] { "v1alpha1", "v1", "foo", "v2", "v1beta2", "v1beta1", "v10", "bar", "v11alpha2" },
        new[] { "v10", "v2", "v1", "v1beta2", "v1beta1", "v11alpha2", "v1alpha1", "bar", "foo" })]
    public void VersionPriority_Sorts_LikeKubernetes(string[] input, string[] expected) =>
        Assert.Equal(expected, input.Order(VersionPriority.Comparer));
}
