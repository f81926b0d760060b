using System.Text.Json.Nodes;

namespace Fleet.Grains.Tests.Applying;

/// <summary>Small manifests for tests.</summary>
internal static class Manifests
{
    public static JsonObject ConfigMap(string name, string ns = "default", string value = "1", string? label = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (label is not null)
        {
            metadata["labels"] = new JsonObject { ["test"] = label };
        }
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = metadata,
            ["data"] = new JsonObject { ["key"] = value },
        };
    }

    public static JsonObject Namespace(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = name },
    };

    public static JsonObject WidgetDefinition() => (JsonObject)JsonNode.Parse("""
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
         "metadata":{"name":"widgets.fleet.test"},
         "spec":{"group":"fleet.test","scope":"Namespaced",
                 "names":{"plural":"widgets","singular":"widget","kind":"Widget"},
                 "versions":[{"name":"v1","served":true,"storage":true,
                              "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
        """)!;

    public static string? ResourceVersion(JsonObject obj) => obj["metadata"]?["resourceVersion"]?.GetValue<string>();

    public static string? Name(JsonObject? obj) => obj?["metadata"]?["name"]?.GetValue<string>();

    public static string? Data(JsonObject obj) => obj["data"]?["key"]?.GetValue<string>();
}
