namespace Fleet.Grains.Diff;

/// <summary>
/// The outcome of comparing one desired object with its live counterpart.
/// </summary>
/// <param name="InSync">True when nothing differs after normalization.</param>
/// <param name="Differences">Every difference found, in a stable order; empty when in sync.</param>
public sealed record ObjectDiff(bool InSync, IReadOnlyList<FieldDifference> Differences);
