using System.Text.Json.Nodes;

namespace Fleet.Reconciler.Kubernetes;

/// <summary>
/// Fleet's only path to one cluster's API server: every call shares the connection's token bucket, has the request
/// timeout, and is retried with jittered backoff while the failure may pass. Failures surface as
/// <see cref="ClusterUnreachableException"/> (the cluster is in trouble) or <see cref="KubernetesApiException"/>
/// (the request or object is wrong). Thread-safe.
/// </summary>
public interface IClusterConnection : IDisposable
{
    /// <summary>Requests sent to the API server so far, retries included (tests and benchmarks count them).</summary>
    long RequestCount { get; }

    /// <summary>
    /// When the API server last answered: a successful response, or a line on a watch stream (bookmarks included).
    /// Null before the first answer. Traffic this recent proves the cluster reachable as well as a probe would.
    /// </summary>
    DateTimeOffset? LastAnswerAt { get; }

    /// <summary>How many times the connection went silent for a whole request timeout and was replaced.</summary>
    long ConnectionsReplaced { get; }

    /// <summary>Watch streams open right now (between their response and their end).</summary>
    int OpenWatches { get; }

    /// <summary>Asks the API server for its version (<c>GET /version</c>): a cheap connectivity check.</summary>
    /// <param name="ct">Cancels the call.</param>
    /// <returns>The server's version.</returns>
    Task<ServerInfo> ProbeAsync(CancellationToken ct);

    /// <summary>
    /// The server's version and every group-version it serves, for charts' <c>.Capabilities</c>: asked once
    /// (<c>/version</c>, <c>/api</c>, <c>/apis</c>) and reused for <see cref="ClusterConnectionOptions.CapabilitiesMaxAge"/>;
    /// concurrent callers share one fetch, a failed one is not kept.
    /// </summary>
    /// <param name="ct">Cancels the call.</param>
    Task<ServerCapabilities> CapabilitiesAsync(CancellationToken ct);

    /// <summary>
    /// Finds the resource (plural, scope) of a kind through discovery. Results are cached per group-version and
    /// fetched again once when a kind is missing (a CRD installed since).
    /// </summary>
    /// <param name="apiVersion"><c>v1</c> or <c>group/version</c>.</param>
    /// <param name="kind">The kind, as in manifests.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <returns>The mapping; a <see cref="KubernetesApiException"/> 404 when the cluster does not serve the kind.</returns>
    Task<ResourceMapping> MapAsync(string apiVersion, string kind, CancellationToken ct);

    /// <summary>
    /// Server-side applies a manifest. Namespaced kinds need <c>metadata.namespace</c> (the caller always sets it).
    /// </summary>
    /// <param name="manifest">The desired object; it is not modified.</param>
    /// <param name="fieldManager">The field manager that owns the applied fields (<c>fleet</c>).</param>
    /// <param name="force">Take over fields other managers own instead of failing with 409 Conflict.</param>
    /// <param name="dryRun">Run every server step (defaulting, validation, conflicts) but store nothing.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <returns>The live object as the API server stored it (or would have, on a dry run).</returns>
    Task<JsonObject> ApplyAsync(JsonObject manifest, string fieldManager, bool force, bool dryRun, CancellationToken ct);

    /// <summary>
    /// Writes a whole object in place of the live one (<c>PUT</c>), as <c>kubectl replace</c> does: what the manifest
    /// leaves out is gone afterwards, whoever set it. Carries the live object's resourceVersion when the manifest has
    /// none; a 404 when the object does not exist, a 422 when the server refuses the change (an immutable field).
    /// </summary>
    /// <param name="manifest">The desired object; it is not modified.</param>
    /// <param name="resourceVersion">The live object's resourceVersion: the update fails with 409 if it changed since.</param>
    /// <param name="fieldManager">The field manager the update is recorded under.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <returns>The live object as the API server stored it.</returns>
    Task<JsonObject> UpdateAsync(JsonObject manifest, string? resourceVersion, string fieldManager, CancellationToken ct);

    /// <summary>Creates an object (<c>POST</c>); a 409 AlreadyExists when it exists.</summary>
    /// <param name="manifest">The desired object; it is not modified.</param>
    /// <param name="fieldManager">The field manager the creation is recorded under.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <returns>The live object as the API server stored it.</returns>
    Task<JsonObject> CreateAsync(JsonObject manifest, string fieldManager, CancellationToken ct);

    /// <summary>Reads one object.</summary>
    /// <param name="apiVersion"><c>v1</c> or <c>group/version</c>.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="ns">The namespace (required for namespaced kinds, ignored otherwise).</param>
    /// <param name="name">The object's name.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <returns>The live object, or null when it does not exist.</returns>
    Task<JsonObject?> GetAsync(string apiVersion, string kind, string? ns, string name, CancellationToken ct);

    /// <summary>Lists the objects of a kind in all namespaces, page by page (<c>limit</c> and <c>continue</c>).</summary>
    /// <param name="apiVersion"><c>v1</c> or <c>group/version</c>.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="labelSelector">A Kubernetes label selector (<c>app=web,tier!=db</c>), or null for all.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <returns>The objects, each with its apiVersion and kind set.</returns>
    Task<IReadOnlyList<JsonObject>> ListAsync(string apiVersion, string kind, string? labelSelector, CancellationToken ct);

    /// <summary>Deletes one object with background propagation (its dependents are collected afterwards).</summary>
    /// <param name="apiVersion"><c>v1</c> or <c>group/version</c>.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="ns">The namespace (required for namespaced kinds, ignored otherwise).</param>
    /// <param name="name">The object's name.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <param name="uid">When given, the deletion holds only for the object with this UID (a precondition the API
    /// server checks): an object deleted and made again under the same name by someone else is left alone, and the
    /// call throws <see cref="KubernetesApiException"/> with code 409.</param>
    /// <returns>True when the API server accepted the deletion; false when the object was already gone.</returns>
    Task<bool> DeleteAsync(string apiVersion, string kind, string? ns, string name, CancellationToken ct, string? uid = null);

    /// <summary>
    /// Lists then watches the objects of a kind in all namespaces (an informer without a cache): an Added for every
    /// listed object, then Synced, then changes as they happen. A dropped stream resumes from the last
    /// resourceVersion; an expired one (410) relists (Added... and Synced again). While the cluster is unreachable the
    /// watch waits (jittered backoff, capped at <see cref="ClusterConnectionOptions.MaxBackoff"/>) and tries again.
    /// Runs until <paramref name="ct"/> is cancelled, then throws <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <param name="apiVersion"><c>v1</c> or <c>group/version</c>.</param>
    /// <param name="kind">The kind; a kind the cluster does not serve fails at once with a 404.</param>
    /// <param name="labelSelector">A label selector, or null for all objects of the kind.</param>
    /// <param name="ct">Stops the watch.</param>
    /// <returns>The changes, in the order the API server reported them.</returns>
    IAsyncEnumerable<WatchChange> WatchAsync(string apiVersion, string kind, string? labelSelector, CancellationToken ct);
}

/// <summary>Creates connections to clusters.</summary>
public interface IClusterConnectionFactory
{
    /// <summary>Opens a connection (no request is sent until the first call).</summary>
    /// <param name="clusterName">The cluster's name, used in error messages.</param>
    /// <param name="endpoint">How to reach and authenticate to the cluster.</param>
    /// <returns>A connection the caller owns and disposes.</returns>
    IClusterConnection Create(string clusterName, ClusterEndpoint endpoint);
}

/// <summary>Creates connections that share one set of options, each with its own token bucket and discovery cache.</summary>
/// <param name="options">Limits and retry policy; validated here and copied into each connection.</param>
public sealed class ClusterConnectionFactory(ClusterConnectionOptions options) : IClusterConnectionFactory
{
    private readonly ClusterConnectionOptions _options = Validated(options);

    /// <inheritdoc/>
    public IClusterConnection Create(string clusterName, ClusterEndpoint endpoint) =>
        new ClusterConnection(clusterName, endpoint, _options.Snapshot());

    private static ClusterConnectionOptions Validated(ClusterConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options.Snapshot();
    }
}
