using System.Text.Json.Nodes;
using Fleet.Kubernetes.Json;

namespace Fleet.Engine.Planning;

/// <summary>
/// Per-object sync options written as annotations. Fleet reads its own (<c>fleet.dev/sync-options</c>) and honours
/// Argo CD's and Helm's, so that repositories written for them work unchanged.
/// </summary>
public static class SyncOptions
{
    /// <summary>Fleet's annotation: comma-separated options such as <c>Prune=false</c>.</summary>
    public const string Annotation = "fleet.dev/sync-options";

    private const string ArgoAnnotation = "argocd.argoproj.io/sync-options";
    private const string HelmResourcePolicy = "helm.sh/resource-policy";

    /// <summary>
    /// True when the object must never be deleted by Fleet (<c>Prune=false</c>, or Helm's <c>resource-policy: keep</c>):
    /// when Git drops it, or its application is deleted, Fleet lets go of it and leaves it in the cluster.
    /// </summary>
    public static bool NoPrune(JsonObject obj) =>
        Option(obj, "Prune=false") || string.Equals(JsonScan.String(obj, "metadata", "annotations", HelmResourcePolicy), "keep", StringComparison.Ordinal);

    /// <summary>
    /// True when the object is written whole (<c>Replace=true</c>) instead of server-side applied: for objects too big
    /// for the annotation an apply keeps, or whose fields Fleet must own outright. When the server refuses the update
    /// (an immutable field), Fleet deletes the object and creates it again.
    /// </summary>
    public static bool Replace(JsonObject obj) => Option(obj, "Replace=true");

    /// <summary>
    /// True when a custom resource whose kind the cluster does not serve yet may be applied anyway
    /// (<c>SkipDryRunOnMissingResource=true</c>): its CRD comes from elsewhere (another application, an operator)
    /// and will be there by the time it is applied. Without it, such a kind is refused before anything is applied,
    /// unless a CRD in the same render defines it.
    /// </summary>
    public static bool SkipDryRunOnMissingResource(JsonObject obj) => Option(obj, "SkipDryRunOnMissingResource=true");

    private static bool Option(JsonObject obj, string option) => Has(obj, Annotation, option) || Has(obj, ArgoAnnotation, option);

    /// <summary>Fleet's annotation: the object's sync wave, an integer (default 0); lower waves go first.</summary>
    public const string WaveAnnotation = "fleet.dev/sync-wave";

    private const string ArgoWaveAnnotation = "argocd.argoproj.io/sync-wave";

    /// <summary>
    /// The object's sync wave: objects of a wave are applied only once every object of the waves before it is
    /// healthy. Within a wave, the kind order holds (namespaces and CRDs first).
    /// </summary>
    public static int Wave(JsonObject obj) =>
        int.TryParse(JsonScan.String(obj, "metadata", "annotations", WaveAnnotation) ?? JsonScan.String(obj, "metadata", "annotations", ArgoWaveAnnotation),
            System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var wave) ? wave : 0;

    private static bool Has(JsonObject obj, string annotation, string option) =>
        JsonScan.String(obj, "metadata", "annotations", annotation) is { } options
        && options.Split(',', StringSplitOptions.TrimEntries).Contains(option, StringComparer.Ordinal);
}
