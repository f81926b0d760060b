using Fleet.Engine.Reconciliation;

namespace Fleet.Reconciler.Executing;

/// <summary>
/// What carrying out a sync did, for the host to record: the outcome of its history entry, and whether the render
/// now counts as applied (the plan was its last wave and nothing failed), so that the host moves its applied commit
/// and render key.
/// </summary>
public sealed record SyncCarriedOut(SyncOutcome Outcome, bool RenderApplied);
