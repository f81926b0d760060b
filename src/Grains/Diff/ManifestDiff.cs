using System.Text.Json.Nodes;

namespace Fleet.Grains.Diff;

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

        var normalized = ManifestNormalizer.Normalize(desired);
        if (live is null)
        {
            return new ObjectDiff(false, [new FieldDifference(DiffPath.Root, normalized.ToJsonString(), null)]);
        }

        var differences = new List<FieldDifference>();
        SubsetComparer.Compare(normalized, live, differences);
        ManagedFieldRemovals.Find(normalized, live, fieldManager, ManifestNormalizer.IsSecret(desired), differences);
        return new ObjectDiff(differences.Count == 0, differences);
    }

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
