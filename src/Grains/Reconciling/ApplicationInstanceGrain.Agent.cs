using Fleet.Engine.Reconciliation;
using Fleet.Engine.Status;

namespace Fleet.Grains.Reconciling;

/// <summary>
/// Instances on agent-mode clusters. The control plane holds no connection to such a cluster, so the grain does not
/// reconcile it: the cluster's agent does. Until the agent reports its instances (not built yet: the agent connects,
/// authenticates and heartbeats), the instance says so as Unknown with a reason a person can act on.
/// </summary>
public sealed partial class ApplicationInstanceGrain
{
    // The cluster's registration, as the last reconcile read it, says agent mode.
    private bool _agentCluster;

    // A disconnected agent is named as the reason, with when it was last seen; otherwise the instance says who reconciles it.
    private async Task<InstanceStatus> AgentClusterStatusAsync()
    {
        if (await ClusterGrain.GetAsync() is { Reason: Clusters.ClusterGrain.AgentDisconnectedReason, Message: var message })
        {
            return ReconcileResults.Unreachable(state.State.Status, Clusters.ClusterGrain.AgentDisconnectedReason, message ?? "", Now);
        }
        return ReconcileResults.Unreachable(state.State.Status, Reasons.ReconciledByAgent,
            $"Cluster {Names.Cluster} runs in agent mode: the control plane holds no credential for it and does not apply to it. " +
            "This version of Fleet does not yet receive the agent's reports of its instances, so their state is unknown here.", Now);
    }
}
