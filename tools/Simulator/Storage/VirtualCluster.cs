using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Fleet.Kubernetes.Selectors;
using Fleet.Simulator.Admission;
using Fleet.Simulator.FieldManagement;
using Fleet.Simulator.Http;
using Fleet.Simulator.Model;
using Fleet.Simulator.Patching;
using Fleet.Simulator.Selectors;

namespace Fleet.Simulator.Storage;

/// <summary>
/// One simulated Kubernetes cluster: its objects, its resourceVersion counter, its served types (built-ins plus
/// established CRDs) and its watchers. Every operation takes the cluster's one lock, so writes are serialized per
/// cluster exactly like a single etcd revision counter; clusters never share a lock.
/// </summary>
public sealed partial class VirtualCluster
{
    /// <summary>The manager name controllers write status under, as on a real cluster.</summary>
    public const string ControllerManager = "kube-controller-manager";

    private const int WatchHistory = 256;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<(string Namespace, string Name), StoredObject>> _tables = new(StringComparer.Ordinal);
    private readonly WatchHub _watch = new(WatchHistory);
    private long _resourceVersion;

    public VirtualCluster(string name, string? bearerToken = null)
    {
        Name = name;
        BearerToken = bearerToken;
        var now = DateTimeOffset.UtcNow;
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            Create(BuiltInTypes.Namespace, "", new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } },
                new WriteOptions("kube-apiserver", DryRun: false, now));
        }
    }

    public string Name { get; }

    /// <summary>When set, every request must carry <c>Authorization: Bearer</c> with this token.</summary>
    public string? BearerToken { get; }

    public ClusterFaults Faults { get; } = new();

    /// <summary>The types this cluster serves now; replaced (never mutated) when a CRD becomes established or goes.</summary>
    public ResourceTypeRegistry Types { get; private set; } = ResourceTypeRegistry.BuiltIn;

    public long ResourceVersion => Volatile.Read(ref _resourceVersion);

    private long _requestCount;

    /// <summary>Requests this cluster has received (benchmarks and tests count API calls with it).</summary>
    public long RequestCount => Interlocked.Read(ref _requestCount);

    private long _http2RequestCount;

    /// <summary>Requests that came over HTTP/2 (clients multiplex on one connection, as client-go does over TLS).</summary>
    public long Http2RequestCount => Interlocked.Read(ref _http2RequestCount);

    internal void CountRequest(bool http2)
    {
        Interlocked.Increment(ref _requestCount);
        if (http2)
        {
            Interlocked.Increment(ref _http2RequestCount);
        }
    }

    private long _objectRequestCount;

    /// <summary>Requests on objects (get, list, writes; not watches, discovery or /version): what a reconcile costs.</summary>
    public long ObjectRequestCount => Interlocked.Read(ref _objectRequestCount);

    internal void CountObjectRequest() => Interlocked.Increment(ref _objectRequestCount);

    private long _listRequestCount;

    /// <summary>LIST requests (collection reads that are not watches): what a steady control plane should not make.</summary>
    public long ListRequestCount => Interlocked.Read(ref _listRequestCount);

    internal void CountListRequest() => Interlocked.Increment(ref _listRequestCount);

    private long _watchRequestCount;

    /// <summary>WATCH requests started (each one a long-lived stream).</summary>
    public long WatchRequestCount => Interlocked.Read(ref _watchRequestCount);

    internal void CountWatchRequest() => Interlocked.Increment(ref _watchRequestCount);

    /// <summary>Raised under the cluster's lock after every stored change: handlers must only enqueue work.</summary>
    public event Action<VirtualCluster, StoredObject>? Changed;

    /// <summary>Number of objects stored, across all types.</summary>
    public int ObjectCount
    {
        get
        {
            lock (_gate)
            {
                return _tables.Values.Sum(t => t.Count);
            }
        }
    }

    public StoredObject? Get(ResourceType type, string ns, string name)
    {
        lock (_gate)
        {
            return Table(type).GetValueOrDefault((ns, name));
        }
    }

    /// <summary>
    /// Lists objects in name order, resuming after <paramref name="after"/> (from a continue token) and stopping at
    /// <paramref name="limit"/> items; returns whether more remain and the list's resourceVersion.
    /// </summary>
    public (IReadOnlyList<StoredObject> Items, bool More, long ResourceVersion) List(
        ResourceType type, string? ns, LabelSelector labels, FieldSelector fields, int limit = 0, (string Namespace, string Name)? after = null)
    {
        lock (_gate)
        {
            var query = Table(type).Values
                .Where(o => (ns is null || o.Namespace == ns) && fields.Matches(o.Name, o.Namespace) && labels.Matches(o.Labels))
                .OrderBy(o => o.Namespace, StringComparer.Ordinal).ThenBy(o => o.Name, StringComparer.Ordinal)
                .AsEnumerable();
            if (after is var (afterNs, afterName))
            {
                query = query.SkipWhile(o => string.CompareOrdinal(o.Namespace, afterNs) < 0
                    || (o.Namespace == afterNs && string.CompareOrdinal(o.Name, afterName) <= 0));
            }
            var items = query.Take(limit > 0 ? limit + 1 : int.MaxValue).ToList();
            var more = limit > 0 && items.Count > limit;
            if (more)
            {
                items.RemoveAt(items.Count - 1);
            }
            return (items, more, _resourceVersion);
        }
    }

    public WriteResult Create(ResourceType type, string ns, JsonObject body, WriteOptions options)
    {
        var candidate = (JsonObject)body.DeepClone();
        var metadata = ObjectMeta.Metadata(candidate);
        var name = ObjectMeta.Name(candidate);
        if (string.IsNullOrEmpty(name) && ObjectMeta.GetString(candidate, "generateName") is { Length: > 0 } prefix)
        {
            name = prefix + RandomSuffix();
            metadata["name"] = name;
        }
        CheckBodyNamespace(type, ns, candidate);
        lock (_gate)
        {
            CheckNamespaceAccepts(type, ns);
            if (name is not null && Table(type).ContainsKey((ns, name)))
            {
                throw ApiError.AlreadyExists(type, name);
            }
            candidate = ScopeToSubresource(type, candidate, subresource: null);
            Admit(type, ns, old: null, candidate, options);
            var owned = FieldManager.Update(null, candidate, options.Manager, MergeSchema.For(type), type.ApiVersion, options.Now);
            return new WriteResult(Commit(type, old: null, owned, options), Created: true);
        }
    }

    /// <summary>PUT: replaces the object (or its status). A resourceVersion in the body must match the stored one.</summary>
    public WriteResult Replace(ResourceType type, string ns, string name, JsonObject body, WriteOptions options)
    {
        var candidate = (JsonObject)body.DeepClone();
        CheckBodyName(name, candidate);
        CheckBodyNamespace(type, ns, candidate);
        lock (_gate)
        {
            var old = Table(type).GetValueOrDefault((ns, name));
            if (old is null)
            {
                if (options.Subresource is not null || type.IsCustom)
                {
                    throw ApiError.NotFound(type, name);
                }
                // Built-in types allow create-on-update, as the real server does.
                CheckNamespaceAccepts(type, ns);
                candidate = ScopeToSubresource(type, candidate, subresource: null);
                Admit(type, ns, old: null, candidate, options);
                var created = FieldManager.Update(null, candidate, options.Manager, MergeSchema.For(type), type.ApiVersion, options.Now);
                return new WriteResult(Commit(type, null, created, options), Created: true);
            }
            var expected = ObjectMeta.GetString(candidate, "resourceVersion");
            if (!string.IsNullOrEmpty(expected) && expected != old.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                throw ApiError.StaleResourceVersion(type, name);
            }
            if (type.IsCustom && string.IsNullOrEmpty(expected))
            {
                throw ApiError.Invalid(type, name,
                    $"{type.GroupKind} \"{name}\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update",
                    [new StatusCause("FieldValueInvalid", "Invalid value: 0x0: must be specified for an update", "metadata.resourceVersion")]);
            }
            return new WriteResult(UpdateExisting(type, ns, old, candidate, options), Created: false);
        }
    }

    /// <summary>Merge, strategic or JSON patch of an existing object (or its status).</summary>
    // served: the version the patch was written against, when it differs from the stored one.
    public WriteResult Patch(ResourceType type, string ns, string name, PatchKind kind, JsonNode patch, WriteOptions options, ResourceType? served = null)
    {
        served ??= type;
        lock (_gate)
        {
            var old = Table(type).GetValueOrDefault((ns, name)) ?? throw ApiError.NotFound(type, name);
            var current = VersionConversion.ToServed(served, old.ToNode());
            var patched = kind == PatchKind.Json ? JsonPatch.Apply(current, patch) : MergePatch.Apply(current, patch);
            if (patched is not JsonObject servedCandidate)
            {
                throw ApiError.BadRequest("the patch did not produce an object");
            }
            var candidate = VersionConversion.ToStorage(served, servedCandidate);
            CheckBodyName(name, candidate);
            CheckBodyNamespace(type, ns, candidate);
            return new WriteResult(UpdateExisting(type, ns, old, candidate, options), Created: false);
        }
    }

    /// <summary>Server-side apply: creates the object when missing, else merges the manager's applied configuration.</summary>
    public WriteResult Apply(ResourceType type, string ns, string name, JsonObject applied, WriteOptions options)
    {
        CheckBodyName(name, applied);
        CheckBodyNamespace(type, ns, applied);
        if (ObjectMeta.Get(applied, "managedFields") is not null)
        {
            throw ApiError.BadRequest("metadata.managedFields must be nil");
        }
        var config = ScopeToSubresource(type, (JsonObject)applied.DeepClone(), options.Subresource);
        ObjectMeta.Metadata(config)["name"] = name;
        if (type.Namespaced)
        {
            ObjectMeta.Metadata(config)["namespace"] = ns;
        }
        lock (_gate)
        {
            var old = Table(type).GetValueOrDefault((ns, name));
            if (old is null)
            {
                if (options.Subresource is not null)
                {
                    throw ApiError.NotFound(type, name);
                }
                CheckNamespaceAccepts(type, ns);
            }
            var live = old?.ToNode();
            var outcome = FieldManager.Apply(live, config, options.Manager, options.Force, MergeSchema.For(type), type.ApiVersion, options.Now, options.Subresource);
            if (!outcome.Succeeded)
            {
                throw ConflictError(type, name, outcome.Conflicts);
            }
            var merged = outcome.Object!;
            Admit(type, ns, old, merged, options);
            return new WriteResult(Commit(type, old, merged, options), Created: old is null);
        }
    }

    /// <summary>
    /// DELETE: an object with finalizers (and every namespace) is marked with deletionTimestamp and stays until its
    /// finalizers are gone; anything else is removed at once.
    /// </summary>
    public DeleteResult Delete(ResourceType type, string ns, string name, WriteOptions options)
    {
        lock (_gate)
        {
            var old = Table(type).GetValueOrDefault((ns, name)) ?? throw ApiError.NotFound(type, name);
            if (options.PreconditionUid is { } expected && old.ToNode()["metadata"]?["uid"]?.GetValue<string>() is { } actual && actual != expected)
            {
                throw ApiError.PreconditionFailed(type, name, $"Precondition failed: UID in precondition: {expected}, UID in object meta: {actual}");
            }
            return DeleteLocked(old, options);
        }
    }

    /// <summary>DELETE on a collection: deletes every object the selectors match.</summary>
    public IReadOnlyList<DeleteResult> DeleteCollection(ResourceType type, string? ns, LabelSelector labels, FieldSelector fields, WriteOptions options)
    {
        lock (_gate)
        {
            var victims = Table(type).Values
                .Where(o => (ns is null || o.Namespace == ns) && fields.Matches(o.Name, o.Namespace) && labels.Matches(o.Labels))
                .ToList();
            return [.. victims.Select(o => DeleteLocked(o, options))];
        }
    }

    /// <summary>
    /// Starts a watch. With no resourceVersion (or "0") the current matching objects come first as ADDED events;
    /// with one, only later changes. Throws 410 Expired when that resourceVersion is older than the kept history.
    /// </summary>
    public (IReadOnlyList<StoredObject> Initial, Watcher Watcher, long ResourceVersion) Watch(WatchFilter filter, ResourceType type, long? sinceResourceVersion)
    {
        lock (_gate)
        {
            if (sinceResourceVersion is long since && since > 0)
            {
                if (since < _watch.OldestReplayable)
                {
                    throw ApiError.Expired($"too old resource version: {since} ({_watch.OldestReplayable + 1})");
                }
                return ([], _watch.Subscribe(filter, since), _resourceVersion);
            }
            var initial = Table(type).Values
                .Where(o => filter.Covers(o, o.Labels))
                .OrderBy(o => o.ResourceVersion)
                .ToList();
            return (initial, _watch.Subscribe(filter, _resourceVersion), _resourceVersion);
        }
    }

    public void StopWatch(Watcher watcher)
    {
        lock (_gate)
        {
            _watch.Unsubscribe(watcher);
        }
        watcher.Events.Writer.TryComplete();
    }

    public int WatcherCount
    {
        get
        {
            lock (_gate)
            {
                return _watch.WatcherCount;
            }
        }
    }

    /// <summary>Ends every watch: the cluster is being removed.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _watch.CompleteAll();
        }
    }

    /// <summary>A controller's status write: stored only when the status really changes.</summary>
    public void WriteControllerStatus(ResourceType type, string ns, string name, JsonObject status, DateTimeOffset now)
    {
        lock (_gate)
        {
            var old = Table(type).GetValueOrDefault((ns, name));
            if (old is null)
            {
                return;
            }
            var candidate = old.ToNode();
            if (JsonNode.DeepEquals(candidate["status"], status))
            {
                return;
            }
            candidate["status"] = status.DeepClone();
            UpdateExisting(type, ns, old, candidate, new WriteOptions(ControllerManager, DryRun: false, now, Subresource: "status"));
        }
    }

    private StoredObject UpdateExisting(ResourceType type, string ns, StoredObject old, JsonObject candidate, WriteOptions options)
    {
        var live = old.ToNode();
        candidate = ScopeToSubresource(type, candidate, options.Subresource, live);
        Admit(type, ns, old, candidate, options);
        var owned = FieldManager.Update(live, candidate, options.Manager, MergeSchema.For(type), type.ApiVersion, options.Now, options.Subresource);
        return Commit(type, old, owned, options);
    }

    // Main-resource writes cannot change status, and status writes cannot change anything else.
    private static JsonObject ScopeToSubresource(ResourceType type, JsonObject candidate, string? subresource, JsonObject? live = null)
    {
        if (!type.HasStatus)
        {
            return candidate;
        }
        if (subresource == "status")
        {
            if (live is null)
            {
                // An apply to /status: keep identity and status only.
                var scoped = new JsonObject { ["apiVersion"] = candidate["apiVersion"]?.DeepClone(), ["kind"] = candidate["kind"]?.DeepClone() };
                scoped["metadata"] = candidate["metadata"]?.DeepClone();
                scoped["status"] = candidate["status"]?.DeepClone();
                return scoped;
            }
            var next = (JsonObject)live.DeepClone();
            next["status"] = candidate["status"]?.DeepClone();
            if (ObjectMeta.GetString(candidate, "resourceVersion") is { } rv)
            {
                ObjectMeta.Metadata(next)["resourceVersion"] = rv;
            }
            return next;
        }
        if (live is not null && live["status"] is JsonNode status)
        {
            candidate["status"] = status.DeepClone();
        }
        else
        {
            candidate.Remove("status");
        }
        return candidate;
    }

    // Server-owned metadata, defaulting and validation: what every write goes through before it is stored.
    private void Admit(ResourceType type, string ns, StoredObject? old, JsonObject candidate, WriteOptions options)
    {
        candidate["apiVersion"] = type.ApiVersion;
        candidate["kind"] = type.Kind;
        var metadata = ObjectMeta.Metadata(candidate);
        if (type.Namespaced)
        {
            metadata["namespace"] = ns;
        }
        else
        {
            metadata.Remove("namespace");
        }
        foreach (var field in new[] { "uid", "creationTimestamp", "generation", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink", "resourceVersion" })
        {
            metadata.Remove(field);
        }
        // Defaulting needs the uid (a Job's generated selector uses it): keep the stored one, or mint it now.
        metadata["uid"] = old is null ? Guid.NewGuid().ToString() : old.ToNode()["metadata"]?["uid"]?.DeepClone();
        if (type == BuiltInTypes.Namespace && old is null)
        {
            DefaultNamespace(candidate);
        }
        Defaulter.Apply(type, candidate);
        var errors = Validator.Validate(type, candidate);
        if (errors.Count > 0)
        {
            var name = ObjectMeta.Name(candidate) ?? "";
            throw ApiError.Invalid(type, name, Validator.FormatInvalidMessage(type, name, errors),
                [.. errors.Select(e => new StatusCause(e.Reason, e.Message, e.Field))]);
        }
    }

    private static void DefaultNamespace(JsonObject candidate)
    {
        var name = ObjectMeta.Name(candidate) ?? "";
        var metadata = ObjectMeta.Metadata(candidate);
        var labels = metadata["labels"] as JsonObject ?? [];
        labels["kubernetes.io/metadata.name"] = name;
        metadata["labels"] = labels;
        candidate["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
        candidate["status"] = new JsonObject { ["phase"] = "Active" };
    }

    private StoredObject Commit(ResourceType type, StoredObject? old, JsonObject next, WriteOptions options)
    {
        var metadata = ObjectMeta.Metadata(next);
        JsonObject? previous = old?.ToNode();
        if (previous is not null)
        {
            foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds" })
            {
                if (ObjectMeta.Get(previous, field) is JsonNode kept)
                {
                    metadata[field] = kept.DeepClone();
                }
            }
            if (type.Generation != GenerationPolicy.None)
            {
                var generation = ObjectMeta.Generation(previous);
                metadata["generation"] = GenerationRules.Bumps(type.Generation, previous, next) ? generation + 1 : generation;
            }
            metadata["resourceVersion"] = old!.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (SameIgnoringTimes(previous, next))
            {
                return old;
            }
        }
        else
        {
            metadata["uid"] ??= Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = ObjectMeta.Timestamp(options.Now);
            if (type.Generation != GenerationPolicy.None)
            {
                metadata["generation"] = 1;
            }
        }
        var removing = old is not null && old.Terminating && ObjectMeta.Finalizers(next).Count == 0 && type != BuiltInTypes.Namespace;
        var rv = options.DryRun ? _resourceVersion : _resourceVersion + 1;
        metadata["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
        OrderMetadata(next);
        var stored = StoredObject.From(type, next, rv);
        if (options.DryRun)
        {
            return stored;
        }
        _resourceVersion = rv;
        if (removing)
        {
            Table(type).Remove((stored.Namespace, stored.Name));
            _watch.Publish(WatchEventType.Deleted, stored, null);
        }
        else
        {
            Table(type)[(stored.Namespace, stored.Name)] = stored;
            _watch.Publish(old is null ? WatchEventType.Added : WatchEventType.Modified, stored, old?.Labels);
        }
        AfterChange(type, stored, removing);
        return stored;
    }

    private DeleteResult DeleteLocked(StoredObject old, WriteOptions options)
    {
        var type = old.Type;
        var node = old.ToNode();
        var waitsForFinalizers = ObjectMeta.Finalizers(node).Count > 0 || type == BuiltInTypes.Namespace;
        if (waitsForFinalizers)
        {
            if (old.Terminating)
            {
                return new DeleteResult(old, Removed: false);
            }
            var metadata = ObjectMeta.Metadata(node);
            metadata["deletionTimestamp"] = ObjectMeta.Timestamp(options.Now);
            metadata["deletionGracePeriodSeconds"] = 0;
            if (type == BuiltInTypes.Namespace)
            {
                node["status"] = new JsonObject { ["phase"] = "Terminating" };
            }
            var generation = ObjectMeta.Generation(node);
            var rv = options.DryRun ? _resourceVersion : _resourceVersion + 1;
            if (generation > 0)
            {
                metadata["generation"] = generation + 1;
            }
            metadata["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var marked = StoredObject.From(type, node, rv);
            if (!options.DryRun)
            {
                _resourceVersion = rv;
                Table(type)[(marked.Namespace, marked.Name)] = marked;
                _watch.Publish(WatchEventType.Modified, marked, old.Labels);
                AfterChange(type, marked, removed: false);
            }
            return new DeleteResult(marked, Removed: false);
        }
        return new DeleteResult(RemoveLocked(old, options), Removed: true);
    }

    private StoredObject RemoveLocked(StoredObject old, WriteOptions options)
    {
        if (options.DryRun)
        {
            return old;
        }
        var node = old.ToNode();
        var rv = ++_resourceVersion;
        ObjectMeta.Metadata(node)["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var gone = StoredObject.From(old.Type, node, rv);
        Table(old.Type).Remove((old.Namespace, old.Name));
        _watch.Publish(WatchEventType.Deleted, gone, null);
        AfterChange(old.Type, gone, removed: true);
        return gone;
    }

    private void AfterChange(ResourceType type, StoredObject obj, bool removed)
    {
        if (type == BuiltInTypes.CustomResourceDefinition)
        {
            RefreshCustomTypes(obj, removed);
        }
        Changed?.Invoke(this, obj);
    }

    private Dictionary<(string Namespace, string Name), StoredObject> Table(ResourceType type)
    {
        if (!_tables.TryGetValue(type.GroupResource, out var table))
        {
            table = [];
            _tables[type.GroupResource] = table;
        }
        return table;
    }

    private void CheckNamespaceAccepts(ResourceType type, string ns)
    {
        if (!type.Namespaced)
        {
            return;
        }
        var namespaceObject = Table(BuiltInTypes.Namespace).GetValueOrDefault(("", ns)) ?? throw ApiError.NamespaceNotFound(ns);
        if (namespaceObject.Terminating)
        {
            throw ApiError.NamespaceTerminating(ns);
        }
    }

    private static void CheckBodyName(string name, JsonObject body)
    {
        var bodyName = ObjectMeta.Name(body);
        if (!string.IsNullOrEmpty(bodyName) && bodyName != name)
        {
            throw ApiError.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }
        ObjectMeta.Metadata(body)["name"] = name;
    }

    private static void CheckBodyNamespace(ResourceType type, string ns, JsonObject body)
    {
        var bodyNs = ObjectMeta.Namespace(body);
        if (type.Namespaced && !string.IsNullOrEmpty(bodyNs) && bodyNs != ns)
        {
            throw ApiError.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    private static ApiError ConflictError(ResourceType type, string name, IReadOnlyList<FieldConflict> conflicts) =>
        new(409, "Conflict", FieldManager.FormatConflictMessage(conflicts))
        {
            DetailsName = name,
            DetailsGroup = type.Group,
            DetailsKind = type.Plural,
            Causes = [.. conflicts.Select(c => new StatusCause("FieldManagerConflict", "conflict with " + c.ManagerDescription, c.Path))],
        };

    // A write that changes nothing but managedFields timestamps is not stored: same resourceVersion, no event.
    private static bool SameIgnoringTimes(JsonObject previous, JsonObject next)
    {
        var a = WithoutTimes(previous);
        var b = WithoutTimes(next);
        return JsonNode.DeepEquals(a, b);
    }

    private static JsonObject WithoutTimes(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        if (ObjectMeta.Get(copy, "managedFields") is JsonArray entries)
        {
            foreach (var entry in entries.OfType<JsonObject>())
            {
                entry.Remove("time");
            }
        }
        return copy;
    }

    // The real server writes metadata fields in a stable order; kubectl output and diffs read better for it.
    private static void OrderMetadata(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject metadata)
        {
            return;
        }
        string[] order = ["name", "generateName", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields"];
        var entries = metadata.ToList();
        metadata.Clear();
        foreach (var (key, value) in entries.OrderBy(e => Array.IndexOf(order, e.Key) is var i and >= 0 ? i : order.Length))
        {
            metadata[key] = value;
        }
        var reordered = obj.ToList();
        obj.Clear();
        string[] top = ["kind", "apiVersion", "metadata", "spec"];
        foreach (var (key, value) in reordered.OrderBy(e => Array.IndexOf(top, e.Key) is var i and >= 0 ? i : e.Key == "status" ? top.Length + 1 : top.Length))
        {
            obj[key] = value;
        }
    }

    private static string RandomSuffix()
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return string.Create(5, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            }
        });
    }
}
