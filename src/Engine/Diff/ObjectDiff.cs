namespace Fleet.Engine.Diff;

/// <summary>
/// The outcome of comparing one desired object with its live counterpart.
/// </summary>
/// <param name="InSync">True when nothing differs after normalization.</param>
/// <param name="Differences">Every difference found, in a stable order; empty when in sync.</param>
public sealed record ObjectDiff(bool InSync, IReadOnlyList<FieldDifference> Differences)
{
    /// <summary>True when the object does not exist in the cluster at all (the one difference is the whole object).</summary>
    public bool Missing => Differences is [{ Path: DiffPath.Root, Live: null, Desired: not null }] && !ReferenceEquals(this, NotCompared);

    /// <summary>Nothing differs.</summary>
    public static ObjectDiff Same { get; } = new(true, []);

    /// <summary>An object not compared yet (a sync stopped before it) counts as differing, so the instance is not Synced.</summary>
    public static ObjectDiff NotCompared { get; } = new(false, [new FieldDifference(DiffPath.Root, "(not compared yet)", null)]);
}
