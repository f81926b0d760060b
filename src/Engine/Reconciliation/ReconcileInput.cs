using System.Text.Json.Nodes;
using Fleet.Engine.Status;
using Fleet.Kubernetes.Objects;

namespace Fleet.Engine.Reconciliation;

/// <summary>
/// Everything the engine decides from, besides what is known of the live objects (<see cref="Live.LiveVerdicts"/>):
/// the rendered desired objects of one commit, what Fleet applied before, the sync policy, the pin and the trigger.
/// </summary>
public sealed record ReconcileInput
{
    /// <summary>The commit the desired objects were rendered from.</summary>
    public required string Commit { get; init; }

    /// <summary>The render's content key: equal keys mean equal desired objects.</summary>
    public required string RenderKey { get; init; }

    /// <summary>The desired objects, prepared for the cluster (namespace filled in, Fleet's labels set).</summary>
    public required IReadOnlyDictionary<ObjectRef, JsonObject> Desired { get; init; }

    /// <summary>Every object Fleet applied for this instance and has not deleted: all that prune may remove.</summary>
    public required IReadOnlyCollection<ObjectRef> Tracked { get; init; }

    /// <summary>Tracked objects applied with <c>Prune=false</c> (<see cref="Planning.SyncOptions"/>): never deleted.</summary>
    public IReadOnlyCollection<ObjectRef> Kept { get; init; } = [];

    /// <summary>The render key of the last sync that completed; null before the first.</summary>
    public string? AppliedRenderKey { get; init; }

    public required SyncPolicy Policy { get; init; }

    public Pin? Pin { get; init; }

    public required SyncTrigger Trigger { get; init; }

    /// <summary>
    /// The render's hooks, prepared as the desired objects are, keyed by their name (their generateName when they
    /// have no name). They are not desired objects: never compared, tracked or pruned.
    /// </summary>
    public IReadOnlyDictionary<ObjectRef, JsonObject> Hooks { get; init; } = new Dictionary<ObjectRef, JsonObject>();

    /// <summary>The instance's last sync operation with hooks (in progress or ended); null when there was none.</summary>
    public SyncOperation? Operation { get; init; }

    /// <summary>The application: part of generated hook names, which must not meet another application's.</summary>
    public string Application { get; init; } = "";

    /// <summary>True when the render differs from the last one applied (a new commit that touched this path).</summary>
    public bool RenderChanged => RenderKey != AppliedRenderKey;

    /// <summary>Tracked objects Git no longer declares.</summary>
    public IReadOnlyList<ObjectRef> Orphans() => [.. Tracked.Where(t => !Desired.ContainsKey(t))];
}
