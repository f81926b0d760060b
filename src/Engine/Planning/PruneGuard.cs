using System.Text.Json.Nodes;
using Fleet.Kubernetes.Json;

namespace Fleet.Engine.Planning;

/// <summary>What to do with an object the plan prunes, judged on the object as it is live just before the delete.</summary>
public enum PruneAction
{
    /// <summary>Delete it, on condition that it is still the object read (its UID).</summary>
    Delete,

    /// <summary>It is gone already: stop tracking it.</summary>
    Gone,

    /// <summary>The name now holds an object this application did not make: leave it and stop tracking it.</summary>
    NotOurs,
}

/// <summary>The decision on one object to prune; <see cref="Uid"/> is the delete's precondition.</summary>
public sealed record PruneDecision(PruneAction Action, string? Uid, string? Owner);

/// <summary>
/// Keeps a prune to what this application made. Between the reconcile that tracked an object and the delete, the
/// object may have been deleted and made again under the same name by a person or another application: such an
/// object no longer carries this application's label, and it is left alone. The delete itself names the UID read,
/// so an object replaced between this read and the delete is left alone by the API server too.
/// </summary>
public static class PruneGuard
{
    /// <summary>Decides on <paramref name="live"/> (null: absent) for <paramref name="application"/>.</summary>
    public static PruneDecision Decide(JsonObject? live, string application)
    {
        if (live is null)
        {
            return new PruneDecision(PruneAction.Gone, null, null);
        }
        var owner = JsonScan.String(live, "metadata", "labels", FleetLabels.Application);
        if (owner != application)
        {
            return new PruneDecision(PruneAction.NotOurs, null, owner);
        }
        return new PruneDecision(PruneAction.Delete, JsonScan.String(live, "metadata", "uid"), owner);
    }
}
