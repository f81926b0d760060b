using System.Text.Json.Nodes;

namespace Fleet.Simulator.Patching;

/// <summary>
/// JSON merge patch (RFC 7386): objects merge key by key, <c>null</c> removes a key, anything else replaces.
/// Strategic merge patches are applied with the same rules; list merge keys and <c>$patch</c> directives are not
/// interpreted, so a strategic patch of a list replaces it (documented in the README).
/// </summary>
public static class MergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }
        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (key, value) in patchObject)
        {
            if (key.StartsWith('$'))
            {
                continue;
            }
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = Apply(result[key], value);
            }
        }
        return result;
    }
}
