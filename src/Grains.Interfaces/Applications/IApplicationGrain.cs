using Fleet.Engine.Status;
using Fleet.Kubernetes.Objects;

namespace Fleet.Grains.Interfaces.Applications;

/// <summary>
/// One application (key: its name). Resolves its target clusters from names and labels, creates and retires its
/// instances, passes new revisions and operator actions on to them, and sums up their status.
/// </summary>
public interface IApplicationGrain : IGrainWithStringKey
{
    /// <summary>Creates or updates the application; its instances follow at once.</summary>
    Task<ApplicationView> PutAsync(ApplicationSpec spec);

    /// <summary>The application with its instances, or null when it does not exist.</summary>
    Task<ApplicationView?> GetAsync();

    /// <summary>Deletes the application; with <paramref name="cascade"/> its objects are deleted from every cluster.</summary>
    Task<bool> DeleteAsync(bool cascade);

    /// <summary>Syncs every instance now; prunes when the policy or <paramref name="prune"/> says so.</summary>
    Task SyncAsync(string initiatedBy, bool prune);

    /// <summary>Syncs every instance to an earlier commit and pins them there until unpinned.</summary>
    Task RollbackAsync(string commit, string initiatedBy, bool prune);

    /// <summary>Releases a rollback pin: instances follow the application's revision again.</summary>
    Task UnpinAsync(string initiatedBy);

    /// <summary>The repository's tracked branch moved.</summary>
    Task OnRevisionAsync(string commit);

    /// <summary>Clusters were registered, relabelled or removed: re-resolve the targets.</summary>
    Task OnClustersChangedAsync();

    /// <summary>The application's project changed its rules: every instance checks its objects against them again.</summary>
    [Orleans.Concurrency.OneWay]
    Task OnProjectChangedAsync();

    /// <summary>
    /// An instance's sync or health changed. One-way: instances never wait on their application. Interleaved: it only
    /// records the status, and a thousand reports must not queue behind the fan-out of a new revision.
    /// </summary>
    [Orleans.Concurrency.OneWay]
    [Orleans.Concurrency.AlwaysInterleave]
    Task ReportInstanceAsync(string cluster, SyncStatus sync, HealthStatus health);
}

/// <summary>
/// One application on one cluster (key: "application/cluster"): holds desired and live state and reconciles them on
/// its cluster's durable resync reminder, on new revisions and on change events from the cluster.
/// </summary>
public interface IApplicationInstanceGrain : IGrainWithStringKey
{
    /// <summary>Sets or updates what the instance deploys and reconciles.</summary>
    Task ConfigureAsync(InstanceSpec spec);

    /// <summary>Reconciles now (a timer, a test) and returns when done.</summary>
    Task ReconcileAsync();

    /// <summary>
    /// The application's source moved to a new revision: reconciles when the instance's turn comes. One-way, so that
    /// an application with thousands of instances, whose reconciles queue for the silo's slots, never waits on them.
    /// </summary>
    [Orleans.Concurrency.OneWay]
    Task OnRevisionAsync();

    /// <summary>
    /// The periodic safety resync, paced by the cluster grain's reminder: reconciles, reading live state again when it
    /// is older than the safety age. One-way, so the cluster never waits on its instances.
    /// </summary>
    [Orleans.Concurrency.OneWay]
    Task ResyncAsync();

    /// <summary>Applies Git's state now, whatever the sync policy; prunes when the policy or <paramref name="prune"/> says so.</summary>
    Task SyncAsync(string initiatedBy, bool prune);

    /// <summary>Syncs to an earlier commit and pins the instance there.</summary>
    Task RollbackAsync(string commit, string initiatedBy, bool prune);

    /// <summary>Releases the pin.</summary>
    Task UnpinAsync(string initiatedBy);

    /// <summary>The application no longer targets this cluster (or is deleted): prune when asked, then stop.</summary>
    Task RetireAsync(bool prune);

    /// <summary>The instance as the API shows it, or null when it was never configured. Answers even mid-reconcile.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<InstanceView?> GetAsync();

    /// <summary>A managed object changed in the cluster (from the cluster's watch): the object as UTF-8 JSON.</summary>
    [Orleans.Concurrency.OneWay]
    Task OnLiveChangedAsync(Orleans.Concurrency.Immutable<byte[]> utf8, bool deleted);

    /// <summary>
    /// The cluster's watch of <paramref name="apiVersionKind"/> listed again after its history expired: the objects of
    /// this instance it found. Any other the instance knew as live was deleted while nobody watched.
    /// </summary>
    [Orleans.Concurrency.OneWay]
    Task OnRelistedAsync(string apiVersionKind, Orleans.Concurrency.Immutable<IReadOnlySet<ObjectRef>> listed);
}
