using System.Text.Json.Nodes;

namespace Fleet.Engine.Diff;

/// <summary>
/// Compares what Git declares for an object with what the cluster has. Desired must be a subset of live: every field
/// Git declares must be equal in the cluster after normalization (quantities, int-or-string, merge-keyed lists, empty
/// versus absent, Secret stringData), while fields only the cluster has are ignored, except those Fleet applied
/// before and Git has since removed.
/// </summary>
public static class ManifestDiff
{
    /// <summary>Compares one desired object with its live counterpart.</summary>
    /// <param name="desired">What Git declares, after rendering.</param>
    /// <param name="live">The object in the cluster, or null when it does not exist.</param>
    /// <param name="fieldManager">Fleet's server-side apply field manager (<c>fleet</c>).</param>
    public static ObjectDiff Compare(JsonObject desired, JsonObject? live, string fieldManager)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentException.ThrowIfNullOrEmpty(fieldManager);

        if (live is null)
        {
            return new ObjectDiff(false, [new FieldDifference(DiffPath.Root, ManifestNormalizer.Normalize(desired).ToJsonString(), null)]);
        }

        var isSecret = ManifestNormalizer.IsSecret(desired);
        var comparable = Comparable(desired, isSecret);
        var differences = new List<FieldDifference>();
        SubsetComparer.Compare(comparable, live, differences);
        ManagedFieldRemovals.Find(comparable, live, fieldManager, isSecret, differences);
        return new ObjectDiff(differences.Count == 0, differences);
    }

    /// <summary>
    /// Compares one desired object with the cluster's answer to Fleet's server-side apply of that very object. Fields
    /// Fleet applied before and Git has since removed need no search there: the apply took Fleet's ownership of them
    /// away and the server dropped those no other manager holds. What is left to find is what the cluster made of the
    /// declared fields (an admission webhook that rewrites one shows as a difference that no sync can fix).
    /// </summary>
    /// <param name="desired">What Fleet applied, after rendering.</param>
    /// <param name="applied">The object the apply answered with.</param>
    public static ObjectDiff CompareApplied(JsonObject desired, JsonObject applied)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(applied);

        var differences = new List<FieldDifference>();
        SubsetComparer.Compare(Comparable(desired, ManifestNormalizer.IsSecret(desired)), applied, differences);
        return new ObjectDiff(differences.Count == 0, differences);
    }

    // The comparers pass over the fields normalization would remove (apiVersion, kind, status, server metadata), so
    // only a Secret, whose stringData the server stores as data, needs a normalized copy.
    private static JsonObject Comparable(JsonObject desired, bool isSecret) =>
        isSecret ? ManifestNormalizer.Normalize(desired) : desired;

    /// <summary>
    /// The differences <see cref="Compare"/> finds as unified-diff-like text for people: one hunk per differing field,
    /// <c>-</c> lines for the live value and <c>+</c> lines for the desired one. Empty when in sync.
    /// </summary>
    /// <param name="desired">What Git declares, after rendering.</param>
    /// <param name="live">The object in the cluster, or null when it does not exist.</param>
    /// <param name="fieldManager">Fleet's server-side apply field manager (<c>fleet</c>).</param>
    public static string Render(JsonObject desired, JsonObject? live, string fieldManager) =>
        DiffRenderer.Render(desired, Compare(desired, live, fieldManager));
}
