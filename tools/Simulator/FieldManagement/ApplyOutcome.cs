using System.Text.Json.Nodes;

namespace Fleet.Simulator.FieldManagement;

/// <summary>The result of a server-side apply: the merged object, or the conflicts that stopped it.</summary>
/// <param name="Object">The merged object with its updated <c>metadata.managedFields</c>; null when there are conflicts.</param>
/// <param name="Conflicts">The conflicts, grouped by manager (sorted) and path; empty on success.</param>
public sealed record ApplyOutcome(JsonObject? Object, IReadOnlyList<FieldConflict> Conflicts)
{
    /// <summary>True when the apply went through.</summary>
    public bool Succeeded => Conflicts.Count == 0;
}
