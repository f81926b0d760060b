using Fleet.Engine.Planning;
using Fleet.Engine.Projects;
using Fleet.Engine.Reconciliation;
using Fleet.Engine.Status;

namespace Fleet.Reconciler.Delivery;

/// <summary>
/// One instance's desired state as the control plane hands it to the agent of an agent-mode cluster: the rendered
/// objects of one commit and everything else the reconcile engine decides from that only the control plane knows
/// (sync policy, pin, project rules, a sync a person asked for). The agent prepares the objects for its cluster,
/// plans, applies, prunes and heals from this alone.
/// </summary>
public sealed record DesiredInstance
{
    public required string Application { get; init; }

    /// <summary>The commit (or chart version) the objects were rendered from.</summary>
    public required string Commit { get; init; }

    /// <summary>The render's content key: equal keys mean equal objects.</summary>
    public required string RenderKey { get; init; }

    /// <summary>The rendered objects, as the repository rendered them (not yet prepared for the cluster).</summary>
    public IReadOnlyList<RenderedObject> Objects { get; init; } = [];

    /// <summary>The destination namespace: where namespaced objects that name none go.</summary>
    public required string Namespace { get; init; }

    /// <summary>Create <see cref="Namespace"/> before the first object (with these labels and annotations).</summary>
    public bool CreateNamespace { get; init; }

    public IReadOnlyDictionary<string, string>? NamespaceLabels { get; init; }

    public IReadOnlyDictionary<string, string>? NamespaceAnnotations { get; init; }

    public required SyncPolicy Policy { get; init; }

    /// <summary>Fields (by JSON pointer or field manager) left to the cluster.</summary>
    public IReadOnlyList<IgnoreDifference> IgnoreDifferences { get; init; } = [];

    /// <summary>The revision the instance is held at by a rollback; the objects are that revision's.</summary>
    public Pin? Pin { get; init; }

    /// <summary>The project's rules: the agent refuses (and applies nothing of) a render that breaks them.</summary>
    public required ProjectRules Project { get; init; }

    /// <summary>The cluster's labels as the control plane knows them: project destinations may select by label.</summary>
    public IReadOnlyDictionary<string, string> ClusterLabels { get; init; } = new Dictionary<string, string>();

    /// <summary>A sync or rollback a person asked for and the agent has not reported carried out; null when none.</summary>
    public SyncRequest? Requested { get; init; }
}

/// <summary>One rendered object: its identity as rendered (namespace possibly empty), its JSON and its file.</summary>
public sealed record RenderedObject(string ApiVersion, string Kind, string? Namespace, string Name, string Json, string? SourceFile = null);

/// <summary>
/// A sync a person asked for, carried to the agent with the desired state. <see cref="Id"/> increases per instance:
/// the agent carries out each request once and names the last one done in its report.
/// </summary>
public sealed record SyncRequest(long Id, TriggerKind Kind, string InitiatedBy, bool Prune);
