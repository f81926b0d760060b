using Fleet.Engine.Live;
using Fleet.Kubernetes.Objects;

namespace Fleet.Reconciler.Executing;

/// <summary>
/// What an instance keeps that carrying out a reconcile changes: the objects it tracks and keeps, and what it knows
/// of them live. The host owns these (the grain persists the first two with its state); the executor only edits
/// them in place, so the host holds the same collections afterwards.
/// </summary>
/// <param name="tracked">Every object applied for the instance and not deleted: what prune may remove.</param>
/// <param name="kept">Tracked objects applied with Prune=false: never deleted, let go when Git drops them.</param>
/// <param name="verdicts">How the live objects compared and how healthy they were.</param>
public sealed class InstanceLedger(List<ObjectRef> tracked, HashSet<ObjectRef> kept, LiveVerdicts verdicts)
{
    public List<ObjectRef> Tracked { get; } = tracked;

    public HashSet<ObjectRef> Kept { get; } = kept;

    public LiveVerdicts Verdicts { get; } = verdicts;
}
