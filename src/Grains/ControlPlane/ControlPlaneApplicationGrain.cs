using System.Text.Json.Nodes;
using System.Text.Json;
using Fleet.Engine.Documents;
using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.ControlPlane;
using Fleet.Grains.Interfaces.Documents;
using Fleet.Grains.Interfaces.Repositories;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.ControlPlane;

/// <summary>Persisted state of an app of apps.</summary>
[GenerateSerializer]
public sealed class ControlPlaneApplicationState
{
    [Id(0)] public ApplicationSpec? Spec { get; set; }

    /// <summary>The objects it created and owns, as <c>{collection}/{name}</c>: what it may update and prune.</summary>
    [Id(1)] public SortedSet<string> Owned { get; set; } = new(StringComparer.Ordinal);

    [Id(2)] public ControlPlaneStatus Status { get; set; } = new();

    /// <summary>The spec (JSON) last written for each owned object: an unchanged document is not written again.</summary>
    [Id(3)] public Dictionary<string, string> Written { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// An application whose destination is Fleet itself. Each reconcile renders the path at the revision, reads every
/// object as a <c>fleet.dev/v1</c> document and writes nothing when one is invalid; otherwise it writes each (in
/// dependency order) through the API's own endpoints as their owner, leaves alone what another owner or a person
/// made (a condition names them), and prunes the objects it owns that Git no longer declares when its policy prunes.
/// Kept apart from the instance grains: nothing here talks to a cluster.
/// </summary>
public sealed class ControlPlaneApplicationGrain(
    [PersistentState("controlPlaneApplication", "fleet")] IPersistentState<ControlPlaneApplicationState> state,
    IFleetDocumentWriter writer,
    IOptions<ControlPlaneOptions> options,
    TimeProvider clock) : Grain, IControlPlaneApplicationGrain
{
    // The safety resync: Git is read again, an owned object someone deleted is written back, and one someone
    // edited is reported (and written back with selfHeal).
    private TimeSpan ResyncPeriod => options.Value.ResyncInterval;

    /// <summary>The type of the condition that names objects this application declares but may not write.</summary>
    public const string NotOwnedCondition = "NotOwned";

    private IGrainTimer? _resync;

    private string Name => this.GetPrimaryKeyString();

    // Who the audit log names for what this app of apps writes.
    private string Author => $"application/{Name}";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Spec is not null)
        {
            StartResync();
        }
        return Task.CompletedTask;
    }

    public async Task ConfigureAsync(ApplicationSpec spec)
    {
        state.State.Spec = spec;
        await state.WriteStateAsync();
        StartResync();
        // Not reconciled inside this call: the caller is the application grain, which a child's write may need.
        await this.AsReference<IControlPlaneApplicationGrain>().OnRevisionAsync();
    }

    public Task OnRevisionAsync() => ReconcileAsync(force: false);

    public async Task ReconcileAsync(bool force)
    {
        if (state.State.Spec is not { } spec)
        {
            return;
        }
        var repository = GrainFactory.GetGrain<IRepositoryGrain>(spec.Repository);
        string commit;
        RenderOutcome render;
        try
        {
            commit = await repository.ResolveAsync(spec.Revision);
            render = await repository.RenderAsync(commit, spec.Path, new RenderTarget { ClusterName = "control-plane" }, Release(spec), []);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await FailAsync(Reasons.SyncFailed, $"the revision cannot be read: {e.Message}");
            return;
        }
        if (!render.Succeeded)
        {
            await FailAsync(Reasons.InvalidManifests, "the path cannot be rendered, nothing was written: " + string.Join("; ", render.Errors));
            return;
        }
        var (documents, errors) = ControlPlaneDocuments.Read(Name, render.Manifests);
        if (errors.Count == 0)
        {
            errors = await MissingAsync(documents);
        }
        if (errors.Count > 0)
        {
            await FailAsync(Reasons.InvalidManifests, "invalid documents, nothing was written: " + string.Join("; ", errors));
            return;
        }
        if (!spec.SyncPolicy.Automated && !force)
        {
            await RecordAsync(commit, [.. documents.Select(d => Resource(d, SyncStatus.OutOfSync, "not written yet: the policy is not automated; sync to write it"))], []);
            return;
        }
        var resources = new List<ControlPlaneResource>();
        var refused = new List<string>();
        foreach (var document in documents)
        {
            resources.Add(await WriteAsync(document, refused, force));
        }
        var declared = documents.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        // Applications go before what they name: the reverse of the apply order.
        foreach (var key in state.State.Owned.Where(k => !declared.Contains(k)).OrderByDescending(OrderOf).ToList())
        {
            var (collection, name) = Split(key);
            if (spec.SyncPolicy.Prune)
            {
                await writer.DeleteAsync(Author, collection, name, CancellationToken.None);
                await GrainFactory.GetGrain<IDocumentMetadataGrain>(key).SetOwnerAsync(null);
                state.State.Owned.Remove(key);
                state.State.Written.Remove(key);
            }
            else
            {
                resources.Add(new ControlPlaneResource
                {
                    Kind = DocumentKinds.OfCollection(collection)?.Kind ?? collection,
                    Name = name,
                    Sync = SyncStatus.OutOfSync,
                    Health = HealthStatus.Healthy,
                    Message = "no longer in Git: deleted when the application's policy prunes",
                });
            }
        }
        await RecordAsync(commit, resources, refused);
    }

    public async Task RetireAsync(bool prune)
    {
        foreach (var key in state.State.Owned.OrderByDescending(OrderOf).ToList())
        {
            var (collection, name) = Split(key);
            if (prune)
            {
                await writer.DeleteAsync(Author, collection, name, CancellationToken.None);
            }
            // Released either way: a person, or another app of apps, may take it over.
            await GrainFactory.GetGrain<IDocumentMetadataGrain>(key).SetOwnerAsync(null);
        }
        _resync?.Dispose();
        _resync = null;
        await state.ClearStateAsync();
        state.State = new ControlPlaneApplicationState();
        DeactivateOnIdle();
    }

    public async Task<ControlPlaneStatus?> GetAsync()
    {
        if (state.State.Spec is null)
        {
            return null;
        }
        var status = state.State.Status;
        var resources = await Task.WhenAll(status.Resources.Select(WithHealthAsync));
        return status with
        {
            Resources = resources,
            Health = resources.Length == 0 ? HealthStatus.Healthy : resources.Max(r => r.Health),
        };
    }

    // Writes one document unless another owner or a person has its object.
    private async Task<ControlPlaneResource> WriteAsync(ChildDocument document, List<string> refused, bool force)
    {
        var metadata = GrainFactory.GetGrain<IDocumentMetadataGrain>(document.Key);
        var known = await metadata.GetAsync();
        var owner = known.Owner;
        if (owner is not null && owner != Name)
        {
            refused.Add($"{document.Kind.Kind} {document.Name} is owned by application {owner}");
            return Resource(document, SyncStatus.OutOfSync, $"not written: owned by application {owner}");
        }
        if (owner is null && !state.State.Owned.Contains(document.Key) && await writer.ExistsAsync(document.Kind.Collection, document.Name, CancellationToken.None))
        {
            refused.Add($"{document.Kind.Kind} {document.Name} was made by hand");
            return Resource(document, SyncStatus.OutOfSync, "not written: it exists and was not made by this application; delete it to let this application create it");
        }
        var specJson = document.Spec.ToJsonString();
        // A PUT reconfigures every instance of a child application: the timer's pass writes only what Git changed,
        // what someone deleted, and (with selfHeal) what someone edited; a sync asked for writes everything.
        if (!force && owner == Name && state.State.Written.GetValueOrDefault(document.Key) == specJson
            && await writer.GetAsync(document.Kind.Collection, document.Name, CancellationToken.None) is { } current)
        {
            if (Holds(document, current, known.SecretReferences))
            {
                return Resource(document, SyncStatus.Synced, null);
            }
            if (state.State.Spec?.SyncPolicy.SelfHeal != true)
            {
                return Resource(document, SyncStatus.OutOfSync, "changed outside Git: a sync (or selfHeal) writes Git's spec back");
            }
        }
        var written = await writer.PutAsync(Author, document.Kind.Collection, document.Name, specJson, CancellationToken.None);
        if (!written.Succeeded)
        {
            var problems = string.Join("; ", written.Errors.Select(e => e.Key.Length == 0 ? string.Join(" ", e.Value) : $"{e.Key}: {string.Join(" ", e.Value)}"));
            return Resource(document, SyncStatus.OutOfSync, $"refused by the API ({written.Status}): {problems}");
        }
        state.State.Owned.Add(document.Key);
        state.State.Written[document.Key] = specJson;
        await state.WriteStateAsync();
        await metadata.SetOwnerAsync(Name);
        return Resource(document, SyncStatus.Synced, null);
    }

    // What the documents name that neither exists nor is declared beside them: found before the first write.
    private async Task<IReadOnlyList<string>> MissingAsync(IReadOnlyList<ChildDocument> documents)
    {
        var declared = documents.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var document in documents)
        {
            foreach (var (key, field) in ControlPlaneDocuments.Needs(document).Where(n => !declared.Contains(n.Key)))
            {
                var (collection, name) = Split(key);
                // The built-in project exists without a document.
                var builtIn = collection == "projects" && name == Engine.Projects.ProjectRules.DefaultName;
                if (!builtIn && !await writer.ExistsAsync(collection, name, CancellationToken.None))
                {
                    missing.Add($"{document.Source}: {document.Kind.Kind} {document.Name}: spec.{field} names {name}, which neither exists nor is declared here");
                }
            }
        }
        return missing;
    }

    // Whether the object as Fleet holds it has every value its document declares (secret references included).
    private static bool Holds(ChildDocument document, string current, IReadOnlyDictionary<string, SecretReference> references)
    {
        var shown = JsonSerializer.SerializeToNode(references, ReferenceJson)?.AsObject();
        return JsonNode.Parse(current) is { } view && SpecComparison.IsUnchanged(document.Kind, document.Spec, view, shown);
    }

    private static readonly JsonSerializerOptions ReferenceJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private async Task<ControlPlaneResource> WithHealthAsync(ControlPlaneResource resource)
    {
        if (resource.Sync != SyncStatus.Synced || resource.Kind != "Application")
        {
            return resource;
        }
        var child = await GrainFactory.GetGrain<IApplicationGrain>(resource.Name).GetAsync();
        var health = child switch
        {
            null => HealthStatus.Missing,
            { ControlPlane: { } nested } => nested.Health,
            _ => child.Instances.Count == 0 ? HealthStatus.Healthy : child.Instances.Max(i => i.Health),
        };
        return resource with { Health = health };
    }

    private async Task RecordAsync(string commit, IReadOnlyList<ControlPlaneResource> resources, IReadOnlyList<string> refused)
    {
        var now = clock.GetUtcNow();
        var synced = resources.All(r => r.Sync == SyncStatus.Synced);
        var conditions = new List<Condition>
        {
            new()
            {
                Type = ConditionTypes.Synced,
                Status = synced ? "True" : "False",
                Reason = synced ? Reasons.SyncSucceeded : Reasons.SyncFailed,
                Message = synced
                    ? $"{resources.Count} Fleet objects hold what {ShortCommit(commit)} declares"
                    : $"{resources.Count(r => r.Sync != SyncStatus.Synced)} of {resources.Count} Fleet objects differ from {ShortCommit(commit)}: see their messages",
                LastTransitionTime = now,
            },
        };
        if (refused.Count > 0)
        {
            conditions.Add(new Condition
            {
                Type = NotOwnedCondition,
                Status = "True",
                Reason = Reasons.OwnedByAnotherApplication,
                Message = "not taken over: " + string.Join("; ", refused),
                LastTransitionTime = now,
            });
        }
        state.State.Status = new ControlPlaneStatus
        {
            Revision = commit,
            Sync = synced ? SyncStatus.Synced : SyncStatus.OutOfSync,
            Health = HealthStatus.Healthy,
            Conditions = conditions,
            Resources = resources,
            LastReconciled = now,
        };
        await state.WriteStateAsync();
    }

    // The last good objects stay as they were: a bad commit changes nothing of Fleet.
    private async Task FailAsync(string reason, string message)
    {
        state.State.Status = state.State.Status with
        {
            Sync = SyncStatus.OutOfSync,
            Conditions =
            [
                new Condition
                {
                    Type = ConditionTypes.RenderFailed,
                    Status = "True",
                    Reason = reason,
                    Message = message,
                    LastTransitionTime = clock.GetUtcNow(),
                },
            ],
            LastReconciled = clock.GetUtcNow(),
        };
        await state.WriteStateAsync();
    }

    private void StartResync() => _resync ??= this.RegisterGrainTimer(
        static (grain, _) => grain.ReconcileAsync(force: false), this,
        new GrainTimerCreationOptions { DueTime = ResyncPeriod, Period = ResyncPeriod, Interleave = false, KeepAlive = false });

    private HelmRelease Release(ApplicationSpec spec) => new()
    {
        Name = spec.Helm?.ReleaseName ?? Name,
        Namespace = spec.Destination.Namespace,
        ValueFiles = spec.Helm?.ValueFiles ?? [],
        Values = spec.Helm?.Values,
        ChartExpected = spec.Helm is not null,
    };

    private static ControlPlaneResource Resource(ChildDocument document, SyncStatus sync, string? message) => new()
    {
        Kind = document.Kind.Kind,
        Name = document.Name,
        Sync = sync,
        Health = sync == SyncStatus.Synced ? HealthStatus.Healthy : HealthStatus.Missing,
        Message = message,
        Source = document.Source,
    };

    private static int OrderOf(string key) => DocumentKinds.OfCollection(Split(key).Collection)?.ApplyOrder ?? 0;

    private static (string Collection, string Name) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (key[..slash], key[(slash + 1)..]);
    }

    private static string ShortCommit(string commit) => commit.Length > 12 ? commit[..12] : commit;
}
