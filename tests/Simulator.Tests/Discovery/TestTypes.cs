using System.Text.Json.Nodes;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Tests.Discovery;

/// <summary>A custom type as an established CRD would register it.</summary>
internal static class TestTypes
{
    public static ResourceType Widget(string version = "v1") => new()
    {
        Group = "example.com",
        Version = version,
        Kind = "Widget",
        Plural = "widgets",
        Singular = "widget",
        Namespaced = true,
        ShortNames = ["wd"],
        Categories = ["all"],
        HasStatus = true,
        HasScale = true,
        IsCustom = true,
        Generation = GenerationPolicy.AllButMetadata,
        Schema = JsonNode.Parse("""
            {"type":"object","properties":{"spec":{"type":"object","properties":{"size":{"type":"integer"}}},
             "status":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}
            """)!.AsObject(),
    };

    public static ResourceTypeRegistry WithWidgets(params string[] versions) =>
        ResourceTypeRegistry.BuiltIn.WithCustomTypes("example.com", "widgets", versions.Select(Widget));
}
