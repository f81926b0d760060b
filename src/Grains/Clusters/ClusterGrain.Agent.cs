using Fleet.Grains.Interfaces.Agents;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Clusters;
using Fleet.Grains.Interfaces;
using Fleet.Grains.Runtime;
using Fleet.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Grains.Clusters;

/// <summary>
/// Agent mode: the cluster's own agent calls the control plane, so the grain stores no endpoint or credential, never
/// probes, never watches, and judges connectivity from when the agent last called in.
/// </summary>
public sealed partial class ClusterGrain
{
    /// <summary>The reason of an agent cluster whose agent has not called in yet.</summary>
    public const string AgentNotConnectedReason = "AgentNotConnected";

    /// <summary>The reason of an agent cluster whose agent went quiet for longer than the grace period.</summary>
    public const string AgentDisconnectedReason = "AgentDisconnected";

    private IAgentAccessGrain AgentAccess => GrainFactory.GetGrain<IAgentAccessGrain>(Name);

    // The bootstrap token is issued when the cluster becomes an agent cluster and shown in that answer only; a later
    // registration (new labels) keeps the agent's credential and shows no token.
    private async Task<ClusterView> RegisterAgentAsync(ClusterRegistration? previous, ClusterRegistration registration)
    {
        // Whatever endpoint or secret came with the request is dropped: an agent cluster's credentials stay in it.
        registration = new ClusterRegistration { Server = "", Labels = registration.Labels, Mode = ClusterMode.Agent };
        var becomesAgent = previous?.Mode != ClusterMode.Agent;
        if (becomesAgent)
        {
            informers.Stop(Name);
            connections.Forget(Name);
            state.State.Connectivity = Connectivity.Unknown;
            state.State.Reason = AgentNotConnectedReason;
            state.State.Message = $"No agent of cluster {Name} has called in yet: install it with the bootstrap token of the registration.";
            state.State.ServerVersion = null;
            state.State.LastProbe = null;
        }
        state.State.Registration = registration;
        _registration = registration;
        await state.WriteStateAsync();
        await RegisterResyncReminderAsync();
        await GrainFactory.FleetDirectory().SetClusterAsync(Name, registration.Labels);
        StartBackgroundWork();
        Report(removed: false);
        var token = becomesAgent ? await AgentAccess.IssueBootstrapAsync() : null;
        return View() with { BootstrapToken = token };
    }

    public async Task<string?> IssueBootstrapTokenAsync() =>
        Registration?.Mode == ClusterMode.Agent ? await AgentAccess.IssueBootstrapAsync() : null;

    public async Task AgentSeenAsync()
    {
        if (Registration?.Mode != ClusterMode.Agent)
        {
            return;
        }
        // Last seen is kept in memory between changes: a heartbeat costs no storage write.
        state.State.LastProbe = time.GetUtcNow();
        await SetAgentConnectivityAsync(Connectivity.Connected, null, null);
    }

    // On the probe timer: an agent quiet for longer than the grace period is disconnected.
    private async Task JudgeAgentAsync()
    {
        var grace = options.Value.AgentGracePeriod;
        if (state.State.Connectivity == Connectivity.Connected && state.State.LastProbe is { } seen && time.GetUtcNow() - seen > grace)
        {
            await SetAgentConnectivityAsync(Connectivity.Unreachable, AgentDisconnectedReason,
                $"The agent of cluster {Name} has not called in since {seen:u} (grace period {grace.TotalSeconds:0} s). The cluster keeps " +
                "its last desired state; check the agent's pod and its network path to the control plane.");
        }
    }

    private async Task SetAgentConnectivityAsync(Connectivity connectivity, string? reason, string? message)
    {
        var before = state.State.Connectivity;
        if (before == connectivity && state.State.Reason == reason)
        {
            return;
        }
        state.State.Connectivity = connectivity;
        state.State.Reason = reason;
        state.State.Message = message;
        ServiceProvider.GetRequiredService<FleetMetrics>().SetClusterStatus(this, Name, connectivity.ToString());
        ClusterLog.ConnectivityChanged(logger, Name, connectivity, null, message);
        Events.FleetEmit.ConnectivityChanged(this, Name, before, connectivity, reason, message);
        await state.WriteStateAsync();
        Report(removed: false);
        // The instances restate themselves with the agent's connectivity (one-way calls: none holds the cluster up).
        foreach (var application in state.State.Instances.Keys)
        {
            await GrainFactory.GetGrain<IApplicationInstanceGrain>(InstanceKey.Of(application, Name)).ResyncAsync();
        }
    }
}
