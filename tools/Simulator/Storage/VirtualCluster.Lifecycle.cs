using System.Text.Json.Nodes;
using Fleet.Simulator.Controllers;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Storage;

/// <summary>The parts of a cluster's behaviour that the real control plane runs asynchronously: namespace deletion and CRDs.</summary>
public sealed partial class VirtualCluster
{
    /// <summary>
    /// One step of the namespace controller for a terminating namespace: deletes what is in it (objects with
    /// finalizers are only marked) and removes the namespace once it is empty. Returns true when the namespace is gone.
    /// </summary>
    public bool FinalizeNamespace(string ns, DateTimeOffset now)
    {
        lock (_gate)
        {
            var namespaceObject = Table(BuiltInTypes.Namespace).GetValueOrDefault(("", ns));
            if (namespaceObject is null)
            {
                return true;
            }
            if (!namespaceObject.Terminating)
            {
                return false;
            }
            var options = new WriteOptions("namespace-controller", DryRun: false, now);
            var remaining = 0;
            foreach (var table in _tables.Values)
            {
                foreach (var obj in table.Values.Where(o => o.Namespace == ns && o.Type.Namespaced).ToList())
                {
                    if (!DeleteLocked(obj, options).Removed)
                    {
                        remaining++;
                    }
                }
            }
            if (remaining > 0)
            {
                return false;
            }
            RemoveLocked(namespaceObject, options);
            return true;
        }
    }

    // Called under the lock after a CRD changed: the served types follow the established CRDs, and a deleted CRD takes
    // its custom resources with it.
    private void RefreshCustomTypes(StoredObject crd, bool removed)
    {
        var customTypes = new List<ResourceType>();
        foreach (var definition in Table(BuiltInTypes.CustomResourceDefinition).Values)
        {
            var node = definition.ToNode();
            if (IsEstablished(node) && !definition.Terminating)
            {
                customTypes.AddRange(CustomResourceTypes.FromDefinition(node));
            }
        }
        Types = new ResourceTypeRegistry(BuiltInTypes.All.Concat(customTypes));
        if (removed || crd.Terminating)
        {
            var node = crd.ToNode();
            var group = node["spec"]?["group"]?.GetValue<string>() ?? "";
            var plural = node["spec"]?["names"]?["plural"]?.GetValue<string>() ?? "";
            var groupResource = group.Length == 0 ? plural : $"{plural}.{group}";
            if (_tables.TryGetValue(groupResource, out var table))
            {
                var options = new WriteOptions("apiextensions-controller", DryRun: false, DateTimeOffset.UtcNow);
                foreach (var obj in table.Values.ToList())
                {
                    RemoveLocked(obj, options);
                }
                _tables.Remove(groupResource);
            }
        }
    }

    private static bool IsEstablished(JsonObject crd) =>
        crd["status"]?["conditions"] is JsonArray conditions
        && conditions.OfType<JsonObject>().Any(c => c["type"]?.GetValue<string>() == "Established" && c["status"]?.GetValue<string>() == "True");
}
