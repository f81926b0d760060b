using System.Text.Json.Nodes;
using Fleet.Kubernetes.Selectors;
using Fleet.Simulator.Storage;

namespace Fleet.Simulator.Http;

/// <summary>The autoscaling/v1 Scale view of a workload, as <c>kubectl scale</c> reads and writes it.</summary>
public static class ScaleSubresource
{
    public static JsonObject From(StoredObject stored)
    {
        var node = stored.ToNode();
        var metadata = (JsonObject)node["metadata"]!.DeepClone();
        metadata.Remove("managedFields");
        metadata.Remove("labels");
        metadata.Remove("annotations");
        var selector = node["spec"]?["selector"] is JsonObject labelSelector ? LabelSelector.FromJson(labelSelector).ToString() : "";
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["replicas"] = node["spec"]?["replicas"]?.GetValue<long>() ?? 0 },
            ["status"] = new JsonObject
            {
                ["replicas"] = node["status"]?["replicas"]?.GetValue<long>() ?? 0,
                ["selector"] = selector,
            },
        };
    }
}
