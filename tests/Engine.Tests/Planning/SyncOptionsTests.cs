using System.Text.Json.Nodes;
using Fleet.Engine.Planning;

namespace Fleet.Engine.Tests.Planning;

public sealed class SyncOptionsTests
{
    [Theory]
    [InlineData("fleet.dev/sync-options", "Prune=false", true)]
    [InlineData("fleet.dev/sync-options", "Replace=true, Prune=false", true)]
    [InlineData("argocd.argoproj.io/sync-options", "Prune=false", true)]
    [InlineData("helm.sh/resource-policy", "keep", true)]
    [InlineData("fleet.dev/sync-options", "Prune=true", false)]
    [InlineData("example.com/sync-options", "Prune=false", false)]
    public void NoPrune_AnnotationsOfFleetArgoAndHelm_AreHonoured(string annotation, string value, bool noPrune)
    {
        var obj = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "kept", ["annotations"] = new JsonObject { [annotation] = value } },
        };

        Assert.Equal(noPrune, SyncOptions.NoPrune(obj));
    }

    [Fact]
    public void ManagedNamespace_CarriesItsMetadataAndIsNeverPruned()
    {
        var ns = DesiredObjects.ManagedNamespace("shop", "web", new Dictionary<string, string> { ["team"] = "shop" },
            new Dictionary<string, string> { ["owner"] = "shop@example.com" });

        Assert.True(SyncOptions.NoPrune(ns));
        Assert.Equal("shop", ns["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("shop", ns["metadata"]!["labels"]!["team"]!.GetValue<string>());
        Assert.Equal("web", ns["metadata"]!["labels"]![FleetLabels.Application]!.GetValue<string>());
        Assert.Equal("shop@example.com", ns["metadata"]!["annotations"]!["owner"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("fleet.dev/sync-options", "Replace=true", true, false)]
    [InlineData("argocd.argoproj.io/sync-options", "Prune=false,Replace=true", true, false)]
    [InlineData("argocd.argoproj.io/sync-options", "SkipDryRunOnMissingResource=true", false, true)]
    [InlineData("fleet.dev/sync-options", "Replace=false", false, false)]
    public void ReplaceAndSkipDryRun_ReadFromFleetAndArgoAnnotations(string annotation, string value, bool replace, bool skipDryRun)
    {
        var obj = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [annotation] = value } } };

        Assert.Equal((replace, skipDryRun), (SyncOptions.Replace(obj), SyncOptions.SkipDryRunOnMissingResource(obj)));
    }

    [Theory]
    [InlineData("example.com/v1", "Gadget", false)]
    [InlineData("example.com/v2", "Gadget", null)]
    [InlineData("other.com/v1", "Gadget", null)]
    [InlineData("example.com/v1", "Widget", null)]
    public void ScopeFromDefinitions_ReadsTheScopeOfTheMatchingGroupKindAndVersion(string apiVersion, string kind, bool? namespaced)
    {
        var crd = JsonNode.Parse("""
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"gadgets.example.com"},
             "spec":{"group":"example.com","scope":"Cluster","names":{"plural":"gadgets","kind":"Gadget"},"versions":[{"name":"v1"}]}}
            """)!.AsObject();

        Assert.Equal(namespaced, DesiredObjects.ScopeFromDefinitions([crd], apiVersion, kind));
    }
}
