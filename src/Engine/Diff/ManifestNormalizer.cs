using System.Text.Json.Nodes;
using System.Text;

namespace Fleet.Engine.Diff;

/// <summary>
/// Turns a desired manifest into the shape the cluster would store, removing what is never drift: the desired
/// <c>status</c>, server-set metadata and kubectl's last-applied annotation; a Secret's <c>stringData</c> becomes
/// base64 <c>data</c>, as the API server does.
/// </summary>
internal static class ManifestNormalizer
{
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>Metadata the server owns; a manifest exported from a cluster may carry it, but it is never drift.</summary>
    public static readonly IReadOnlySet<string> ServerMetadata = new HashSet<string>(StringComparer.Ordinal)
    {
        "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink",
        "deletionTimestamp", "deletionGracePeriodSeconds",
    };

    /// <summary>Returns a normalized copy; the input is left untouched.</summary>
    public static JsonObject Normalize(JsonObject desired)
    {
        var copy = (JsonObject)desired.DeepClone();

        // apiVersion and kind name the object (the caller looked it up by them); the server may serve it at another
        // version, which is not drift.
        copy.Remove("apiVersion");
        copy.Remove("kind");
        copy.Remove("status");

        if (copy["metadata"] is JsonObject metadata)
        {
            foreach (var field in ServerMetadata)
            {
                metadata.Remove(field);
            }

            (metadata["annotations"] as JsonObject)?.Remove(LastAppliedAnnotation);
        }

        if (IsSecret(desired))
        {
            MoveStringDataIntoData(copy);
        }

        return copy;
    }

    /// <summary>
    /// True for the field <paramref name="name"/> of the object at <paramref name="path"/> that <see cref="Normalize"/>
    /// removes (a Secret's stringData aside): comparers pass over it instead of comparing a copy without it.
    /// </summary>
    public static bool IsNeverDrift(string path, string name) => path switch
    {
        DiffPath.Root => name is "apiVersion" or "kind" or "status",
        ".metadata" => ServerMetadata.Contains(name),
        ".metadata.annotations" => name == LastAppliedAnnotation,
        _ => false,
    };

    /// <summary>True for a core v1 Secret.</summary>
    public static bool IsSecret(JsonObject manifest) =>
        StringAt(manifest, "kind") == "Secret" && StringAt(manifest, "apiVersion") == "v1";

    private static string? StringAt(JsonObject manifest, string field) =>
        manifest[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static void MoveStringDataIntoData(JsonObject secret)
    {
        if (secret["stringData"] is not JsonObject stringData)
        {
            secret.Remove("stringData");
            return;
        }

        if (secret["data"] is not JsonObject data)
        {
            data = [];
            secret["data"] = data;
        }

        // Like the API server, stringData wins over data for the same key.
        foreach (var (key, value) in stringData)
        {
            var text = value is null ? "" : ScalarEquality.Text(value);
            data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        }

        secret.Remove("stringData");
    }
}
