using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Applications;

namespace Fleet.Grains.Interfaces.ControlPlane;

/// <summary>One Fleet object an app of apps declares, as its status shows it.</summary>
[GenerateSerializer, Immutable, Alias("fleet.ControlPlaneResource")]
public sealed record ControlPlaneResource
{
    /// <summary>The document's kind (<c>Application</c>, <c>Repository</c>...).</summary>
    [Id(0)] public required string Kind { get; init; }

    [Id(1)] public required string Name { get; init; }

    /// <summary>Synced when the object holds what Git declares; OutOfSync when it was not written (refused, or waiting for a sync).</summary>
    [Id(2)] public SyncStatus Sync { get; init; }

    /// <summary>A child application is as healthy as its worst instance; other objects are Healthy once written.</summary>
    [Id(3)] public HealthStatus Health { get; init; }

    /// <summary>Why it is not Synced, for a person: refused, taken by another owner, or to be pruned.</summary>
    [Id(4)] public string? Message { get; init; }

    /// <summary>The file (and line) of the repository that declares it; null for an object left to prune.</summary>
    [Id(5)] public string? Source { get; init; }
}

/// <summary>The status of an app of apps: the revision it applied, its Fleet objects, and conditions.</summary>
[GenerateSerializer, Immutable, Alias("fleet.ControlPlaneStatus")]
public sealed record ControlPlaneStatus
{
    /// <summary>The commit whose documents were last applied; null before the first.</summary>
    [Id(0)] public string? Revision { get; init; }

    /// <summary>Synced when every declared object was written and nothing is left to prune.</summary>
    [Id(1)] public SyncStatus Sync { get; init; }

    /// <summary>The worst health of its objects.</summary>
    [Id(2)] public HealthStatus Health { get; init; }

    [Id(3)] public IReadOnlyList<Condition> Conditions { get; init; } = [];

    [Id(4)] public IReadOnlyList<ControlPlaneResource> Resources { get; init; } = [];

    [Id(5)] public DateTimeOffset? LastReconciled { get; init; }
}

/// <summary>
/// The control-plane side of an application whose destination is Fleet itself (key: the application's name). It
/// renders the application's path, checks every <c>fleet.dev/v1</c> document before writing any, writes them to
/// Fleet as their owner, prunes what Git no longer declares (when the policy prunes) and never takes over an object
/// made by hand or owned by another application.
/// </summary>
public interface IControlPlaneApplicationGrain : IGrainWithStringKey
{
    /// <summary>Sets what the application declares and reconciles.</summary>
    Task ConfigureAsync(ApplicationSpec spec);

    /// <summary>Reconciles now; <paramref name="force"/> writes even when the policy is not automated (a manual sync).</summary>
    Task ReconcileAsync(bool force);

    /// <summary>The repository's branch moved: reconcile. One-way, so that the repository never waits on Fleet writing itself.</summary>
    [Orleans.Concurrency.OneWay]
    Task OnRevisionAsync();

    /// <summary>The application is deleted: delete its objects when <paramref name="prune"/>, else release them, then forget.</summary>
    Task RetireAsync(bool prune);

    /// <summary>The status, with each child application's current health.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<ControlPlaneStatus?> GetAsync();
}

/// <summary>The outcome of writing one object to Fleet: the HTTP status the API's PUT answered and its field errors.</summary>
public sealed record DocumentWrite(int Status, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Succeeded => Status is >= 200 and < 300;
}

/// <summary>
/// Writes Fleet objects the way the API does, for the app of apps that runs on the silo: each document goes through
/// the same PUT (validation, secret references, grain calls) that <c>fleet apply</c> uses, so that an object is
/// valid in Git exactly when it is valid through the API. Implemented by the API host.
/// </summary>
public interface IFleetDocumentWriter
{
    /// <summary>
    /// PUTs <paramref name="specJson"/> (the spec of a document) to <c>/api/v1/{collection}/{name}</c> on behalf of
    /// <paramref name="author"/> (<c>application/{name}</c> for an app of apps), who the audit log names.
    /// </summary>
    Task<DocumentWrite> PutAsync(string author, string collection, string name, string specJson, CancellationToken ct);

    /// <summary>Whether <c>/api/v1/{collection}/{name}</c> exists.</summary>
    Task<bool> ExistsAsync(string collection, string name, CancellationToken ct);

    /// <summary>What GET <c>/api/v1/{collection}/{name}</c> answers (JSON), or null when it does not exist.</summary>
    Task<string?> GetAsync(string collection, string name, CancellationToken ct);

    /// <summary>DELETEs <c>/api/v1/{collection}/{name}</c> on behalf of <paramref name="author"/>; true when it existed.</summary>
    Task<bool> DeleteAsync(string author, string collection, string name, CancellationToken ct);
}
