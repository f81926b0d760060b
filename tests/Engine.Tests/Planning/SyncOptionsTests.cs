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
}
