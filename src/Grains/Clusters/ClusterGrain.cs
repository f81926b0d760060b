using Fleet.Grains.Applying;
using Fleet.Grains.FleetView;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Clusters;
using Fleet.Grains.Interfaces.Fleet;
using Fleet.Grains.Interfaces;
using Fleet.Grains.Runtime;
using Fleet.Grains.Security;
using Fleet.Grains.Telemetry;
using Fleet.Grains.Watching;
using Fleet.Reconciler.Kubernetes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.Clusters;

/// <summary>Persisted state of a cluster. The registration's token and client key are ciphertext (SecretProtector).</summary>
[GenerateSerializer]
public sealed class ClusterState
{
    [Id(0)] public ClusterRegistration? Registration { get; set; }
    [Id(1)] public Connectivity Connectivity { get; set; }
    [Id(2)] public string? Reason { get; set; }
    [Id(3)] public string? Message { get; set; }
    [Id(4)] public string? ServerVersion { get; set; }
    [Id(5)] public DateTimeOffset? LastProbe { get; set; }
    [Id(6)] public Dictionary<string, InstanceCounts> Instances { get; set; } = [];
    [Id(7)] public SortedSet<string> WatchedKinds { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// A registered cluster. Probes the API server on a timer, keeps the watches on Fleet's objects running while it is
/// registered, paces the periodic resync of its instances with one durable reminder (which also re-activates it and
/// them after a silo loss), and sums up its instances for the fleet summary.
/// </summary>
public sealed partial class ClusterGrain(
    [PersistentState("cluster", "fleet")] IPersistentState<ClusterState> state,
    ClusterConnections connections,
    ClusterInformers informers,
    GrainReferences references,
    SecretProtector secrets,
    IOptions<FleetOptions> options,
    TimeProvider time,
    ILogger<ClusterGrain> logger) : Grain, IClusterGrain, IRemindable
{
    private const string ResyncReminder = "cluster-resync";

    private IGrainTimer? _probeTimer;
    private bool _countsChanged;

    // The registration with its secrets in clear, for this silo's own connections only; never persisted.
    private ClusterRegistration? _registration;

    private string Name => this.GetPrimaryKeyString();

    private ClusterRegistration? Registration => _registration ??= Reveal(state.State.Registration);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Registration is not null)
        {
            StartBackgroundWork();
        }
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        informers.Stop(Name);
        ServiceProvider.GetRequiredService<FleetMetrics>().RemoveCluster(this, Name);
        if (_countsChanged && state.State.Registration is not null)
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public async Task<ClusterView> RegisterAsync(ClusterRegistration registration)
    {
        var previous = Registration;
        if (registration.Mode == ClusterMode.Agent)
        {
            return await RegisterAgentAsync(previous, registration);
        }
        if (previous?.Mode == ClusterMode.Agent)
        {
            // Back to push mode: the agent's credential must stop working at once.
            await AgentAccess.RevokeAsync();
        }
        var endpointChanged = previous is null
            || ClusterConnections.EndpointOf(previous) != ClusterConnections.EndpointOf(registration);
        state.State.Registration = Conceal(registration);
        _registration = registration;
        if (endpointChanged)
        {
            informers.Stop(Name);
            state.State.Connectivity = Connectivity.Unknown;
        }
        await state.WriteStateAsync();
        await RegisterResyncReminderAsync();
        await GrainFactory.FleetDirectory().SetClusterAsync(Name, registration.Labels);
        StartBackgroundWork();
        return await ProbeAsync();
    }

    public async Task<(ClusterView? View, string? Error)> ImportAsync(string kubeconfig, string? context, IReadOnlyDictionary<string, string> labels)
    {
        ClusterEndpoint endpoint;
        try
        {
            endpoint = KubeconfigImport.FromKubeconfig(kubeconfig, context);
        }
        catch (KubeconfigException e)
        {
            return (null, e.Message);
        }
        var view = await RegisterAsync(new ClusterRegistration
        {
            Server = endpoint.Server,
            CertificateAuthorityData = endpoint.CertificateAuthorityData,
            InsecureSkipTlsVerify = endpoint.InsecureSkipTlsVerify,
            Token = endpoint.Token,
            ClientCertificateData = endpoint.ClientCertificateData,
            ClientKeyData = endpoint.ClientKeyData,
            Labels = labels,
        });
        return (view, null);
    }

    public Task<ClusterView?> GetAsync() =>
        Task.FromResult(state.State.Registration is null ? null : View());

    public async Task UnregisterAsync()
    {
        if (state.State.Registration is null)
        {
            return;
        }
        informers.Stop(Name);
        connections.Forget(Name);
        if (Registration?.Mode == ClusterMode.Agent)
        {
            await AgentAccess.RevokeAsync();
        }
        _probeTimer?.Dispose();
        _probeTimer = null;
        await this.ForgetReminderAsync(ResyncReminder);
        await state.ClearStateAsync();
        state.State = new ClusterState();
        _registration = null;
        await GrainFactory.FleetDirectory().RemoveClusterAsync(Name);
        Report(removed: true);
        DeactivateOnIdle();
    }

    public async Task<ClusterView> ProbeAsync()
    {
        var registration = Registration ?? throw new InvalidOperationException($"cluster {Name} is not registered");
        if (registration.Mode == ClusterMode.Agent)
        {
            // The control plane never calls an agent cluster: its connectivity is when its agent last called in.
            await JudgeAgentAsync();
            return View();
        }
        var before = (state.State.Connectivity, state.State.Reason, state.State.ServerVersion);
        try
        {
            var info = await connections.Get(Name, registration).ProbeAsync(CancellationToken.None);
            state.State.Connectivity = Connectivity.Connected;
            state.State.Reason = null;
            state.State.Message = null;
            state.State.ServerVersion = info.GitVersion;
        }
        catch (ClusterUnreachableException e)
        {
            state.State.Connectivity = Connectivity.Unreachable;
            state.State.Reason = e.Reason;
            state.State.Message = e.Message;
        }
        catch (KubernetesApiException e)
        {
            state.State.Connectivity = Connectivity.Unreachable;
            state.State.Reason = e.Reason;
            state.State.Message = e.Message;
        }
        state.State.LastProbe = time.GetUtcNow();
        ServiceProvider.GetRequiredService<FleetMetrics>().SetClusterStatus(this, Name, state.State.Connectivity.ToString());
        if (before != (state.State.Connectivity, state.State.Reason, state.State.ServerVersion))
        {
            ClusterLog.ConnectivityChanged(logger, Name, state.State.Connectivity, state.State.ServerVersion, state.State.Message);
            Events.FleetEmit.ConnectivityChanged(this, Name, before.Connectivity, state.State.Connectivity, state.State.Reason, state.State.Message);
            await state.WriteStateAsync();
            Report(removed: false);
        }
        if (state.State.Connectivity == Connectivity.Connected)
        {
            EnsureWatches(connections.Get(Name, registration));
        }
        return View();
    }

    // Routes first, so that the first events of a new watch reach the instances the cluster hosts.
    private void EnsureWatches(IClusterConnection connection)
    {
        if (Registration?.Mode == ClusterMode.Agent)
        {
            return;
        }
        foreach (var application in state.State.Instances.Keys)
        {
            informers.Route(Name, application);
        }
        informers.Ensure(Name, connection, state.State.WatchedKinds);
    }

    public Task<ClusterRegistration?> GetEndpointAsync() => Task.FromResult(Registration);

    public async Task WatchKindsAsync(string application, IReadOnlyList<string> apiVersionKinds)
    {
        informers.Route(Name, application);
        var added = apiVersionKinds.Where(state.State.WatchedKinds.Add).ToList();
        if (added.Count > 0)
        {
            await state.WriteStateAsync();
        }
        if (Registration is { } registration)
        {
            EnsureWatches(connections.Get(Name, registration));
        }
    }

    public async Task ReportInstanceAsync(string application, InstanceCounts counts)
    {
        informers.Route(Name, application);
        var known = state.State.Instances.TryGetValue(application, out var previous);
        if (known && previous == counts)
        {
            return;
        }
        state.State.Instances[application] = counts;
        // Which instances run here is written at once (the resync reminder reaches them through it); their counts
        // change with every rollout and are written when the grain deactivates. After a crash the instances report
        // again on their first reconcile, which the resync reminder brings about.
        if (known)
        {
            _countsChanged = true;
        }
        else
        {
            await state.WriteStateAsync();
        }
        Report(removed: false);
    }

    public async Task ForgetInstanceAsync(string application)
    {
        informers.Unroute(Name, application);
        if (state.State.Instances.Remove(application))
        {
            await state.WriteStateAsync();
            Report(removed: false);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Activation brought the probe timer and the watches back; the tick resyncs every instance (one-way calls,
        // so a slow instance never holds the cluster up).
        foreach (var application in state.State.Instances.Keys)
        {
            await GrainFactory.GetGrain<IApplicationInstanceGrain>(InstanceKey.Of(application, Name)).ResyncAsync();
        }
    }

    // Each cluster starts at a random point of the period (the first tick a tenth of a period to a period and a tenth
    // away), so a fleet's resyncs are spread evenly over all of it, not bunched into a part of every period.
    private Task RegisterResyncReminderAsync()
    {
        var period = options.Value.ResyncPeriod;
        return this.RegisterOrUpdateReminder(ResyncReminder, period * (0.1 + Random.Shared.NextDouble()), period);
    }

    // The timer's probe is skipped while the cluster answers anyway (ProbePolicy): a thousand watched clusters then
    // cost no probes at all instead of thirty a second.
    private async Task ProbeUnlessAnsweringAsync()
    {
        if (Registration is { } registration && registration.Mode != ClusterMode.Agent && state.State.Connectivity == Connectivity.Connected
            && connections.Get(Name, registration) is var connection
            && !ProbePolicy.ProbeDue(time.GetUtcNow(), connection.LastAnswerAt, options.Value.ProbeInterval, connection.OpenWatches))
        {
            state.State.LastProbe = connection.LastAnswerAt;
            EnsureWatches(connection);
            return;
        }
        await ProbeAsync();
    }

    private void StartBackgroundWork()
    {
        _probeTimer ??= this.RegisterGrainTimer(async _ => await ProbeUnlessAnsweringAsync(),
            new GrainTimerCreationOptions { DueTime = options.Value.ProbeInterval, Period = options.Value.ProbeInterval, Interleave = false, KeepAlive = true });
    }

    // The token and the client key are encrypted before they reach storage; the certificate is public material.
    private ClusterRegistration Conceal(ClusterRegistration registration) =>
        registration with { Token = secrets.Protect(registration.Token), ClientKeyData = secrets.Protect(registration.ClientKeyData) };

    private ClusterRegistration? Reveal(ClusterRegistration? stored) =>
        stored is null ? null : stored with { Token = secrets.Unprotect(stored.Token), ClientKeyData = secrets.Unprotect(stored.ClientKeyData) };

    private void Report(bool removed) =>
        _ = references.FleetAggregator.ReportAsync(new ClusterReport
        {
            Cluster = Name,
            Connectivity = state.State.Connectivity,
            Instances = InstanceCountsMath.Sum(state.State.Instances.Values),
            Removed = removed,
        });

    private ClusterView View()
    {
        var registration = state.State.Registration!;
        return new ClusterView
        {
            Name = Name,
            Server = registration.Server,
            Labels = registration.Labels,
            InsecureSkipTlsVerify = registration.InsecureSkipTlsVerify,
            HasToken = registration.Token is not null,
            HasClientCertificate = registration.ClientCertificateData is not null,
            Connectivity = state.State.Connectivity,
            Reason = state.State.Reason,
            Message = state.State.Message,
            ServerVersion = state.State.ServerVersion,
            LastProbe = state.State.LastProbe,
            Instances = InstanceCountsMath.Sum(state.State.Instances.Values),
            Mode = registration.Mode,
        };
    }
}
