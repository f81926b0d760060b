using System.Text.Json.Nodes;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Storage;

/// <summary>Decides whether a write bumps <c>metadata.generation</c>, per the type's <see cref="GenerationPolicy"/>.</summary>
public static class GenerationRules
{
    public static bool Bumps(GenerationPolicy policy, JsonObject old, JsonObject next) => policy switch
    {
        GenerationPolicy.Spec => Differs(old, next, "spec"),
        GenerationPolicy.SpecAndAnnotations => Differs(old, next, "spec")
            || !JsonNode.DeepEquals(ObjectMeta.Get(old, "annotations"), ObjectMeta.Get(next, "annotations")),
        GenerationPolicy.AllButMetadata => old.Select(p => p.Key).Union(next.Select(p => p.Key))
            .Where(k => k is not "metadata" and not "status")
            .Any(k => Differs(old, next, k)),
        _ => false,
    };

    private static bool Differs(JsonObject old, JsonObject next, string field) => !JsonNode.DeepEquals(old[field], next[field]);
}
