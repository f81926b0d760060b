using System.Text.Json.Nodes;
using Fleet.Engine.Diff;
using Fleet.Engine.Health;
using Fleet.Engine.Planning;
using Fleet.Engine.Status;
using Fleet.Kubernetes.Json;
using Fleet.Kubernetes.Objects;

namespace Fleet.Engine.Live;

/// <summary>
/// What an instance knows about its live objects between reconciles: for each object, how it compared with the
/// desired object of one render and how healthy it was. The objects themselves are not kept (a Deployment is some
/// 2.5 KB of JSON, ten times what its verdict takes), so that a silo holds tens of thousands of instances; a watch
/// event brings the new object, which is judged once and dropped, and a reconcile that lacks a verdict reads the
/// object from the cluster.
/// </summary>
/// <param name="application">The application the verdicts are kept for: a live object labelled for another one is
/// recorded as that application's (<see cref="ForeignOwner"/>), so that Fleet never takes it over.</param>
public sealed class LiveVerdicts(string application)
{
    private readonly Dictionary<ObjectRef, Verdict> _verdicts = [];

    // Created when a watch event arrives and dropped once judged: most instances hold none between reconciles.
    private Dictionary<ObjectRef, JsonObject?>? _arrived;

    /// <summary>When the first verdict was made since the last <see cref="Clear"/>: the safety resync starts over from it.</summary>
    public DateTimeOffset? Since { get; private set; }

    /// <summary>True when verdicts are kept and no watch event waits to be judged.</summary>
    public bool AllJudged => Since is not null && _arrived is null;

    /// <summary>
    /// Keeps an object the watch reported (null: deleted) until the next reconcile judges it. Returns false for the
    /// echo of a write the instance judged already (same resourceVersion): nothing to judge, no reconcile needed.
    /// </summary>
    public bool Arrived(ObjectRef reference, JsonObject? live)
    {
        if (live is not null && IsEcho(reference, JsonScan.String(live, "metadata", "resourceVersion")))
        {
            return false;
        }
        (_arrived ??= [])[reference] = live;
        return true;
    }

    /// <summary>
    /// True when an object at <paramref name="resourceVersion"/> is the very version already judged (the watch's echo
    /// of an apply): nothing to judge, and anything still waiting for this object is older, so it is dropped too.
    /// </summary>
    public bool IsEcho(ObjectRef reference, string? resourceVersion)
    {
        if (!_verdicts.TryGetValue(reference, out var verdict) || verdict.ResourceVersion is not { } judged
            || ParseResourceVersion(resourceVersion) != judged)
        {
            return false;
        }
        // The watch is ordered per object, so anything still waiting for this object is older than the echo.
        _arrived?.Remove(reference);
        if (_arrived is { Count: 0 })
        {
            _arrived = null;
        }
        return true;
    }

    /// <summary>Judges the objects that arrived since the last reconcile against <paramref name="desired"/>.</summary>
    public void JudgeArrivals(IReadOnlyDictionary<ObjectRef, JsonObject> desired, string renderKey, string fieldManager, DateTimeOffset now)
    {
        foreach (var (reference, live) in _arrived ?? [])
        {
            Judge(reference, desired.GetValueOrDefault(reference), live, renderKey, fieldManager, now);
        }
        _arrived = null;
    }

    /// <summary>
    /// Records the verdict on <paramref name="live"/> (null: absent). A desired object's verdict holds for
    /// <paramref name="renderKey"/> only; an object Git no longer declares gets a health verdict alone.
    /// </summary>
    public void Judge(ObjectRef reference, JsonObject? desired, JsonObject? live, string renderKey, string fieldManager, DateTimeOffset now) =>
        Record(reference, desired is null ? null
            : ManifestDiff.Compare(IgnoreDifference.WithoutManagedFields(desired, live, reference, IgnoredManagers, fieldManager), live, fieldManager),
            live, renderKey, now);

    /// <summary>Records the verdict on <paramref name="applied"/>, the answer to Fleet's own apply of <paramref name="desired"/>.</summary>
    public void JudgeApplied(ObjectRef reference, JsonObject desired, JsonObject applied, string renderKey, DateTimeOffset now) =>
        Record(reference, ManifestDiff.CompareApplied(desired, applied), applied, renderKey, now);

    /// <summary>
    /// The application's ignored differences by field manager (<see cref="IgnoreDifference.ManagedFieldsManagers"/>):
    /// what those managers own in a live object is left out of its comparison. Changing them calls for
    /// <see cref="Clear"/>, since the verdicts were made without them.
    /// </summary>
    public IReadOnlyList<IgnoreDifference> IgnoredManagers { get; set; } = [];

    private void Record(ObjectRef reference, ObjectDiff? diff, JsonObject? live, string renderKey, DateTimeOffset now)
    {
        Since ??= now;
        var health = HealthRules.Assess(live);
        // Nothing reads why a healthy object is healthy; sharing one verdict spares a sentence per object.
        health = health.Status == HealthStatus.Healthy ? Healthy : health;
        var owner = JsonScan.String(live, "metadata", "labels", FleetLabels.Application);
        // Only another application's name is kept: the usual case (this application's own label) costs nothing.
        var foreign = string.IsNullOrEmpty(owner) || owner == application ? null : owner;
        _verdicts[reference] = new Verdict(diff is null ? null : renderKey, diff is { InSync: true } ? InSync : diff, health, ResourceVersionOf(live), foreign);
    }

    /// <summary>The application another object's label names, when it is not this one; null when absent, unlabelled or ours.</summary>
    public string? ForeignOwner(ObjectRef reference) => _verdicts.TryGetValue(reference, out var verdict) ? verdict.ForeignOwner : null;

    /// <summary>
    /// A watch of <paramref name="apiVersionKind"/> had to list again (its history expired): the objects of that kind
    /// known live here and not in <paramref name="listed"/> were deleted while nobody watched. They are taken as
    /// deleted watch events. True when there was any, so a reconcile should judge them.
    /// </summary>
    public bool Relisted(string apiVersionKind, IReadOnlySet<ObjectRef> listed)
    {
        var gone = _verdicts
            .Where(v => v.Value.Health.Status != HealthStatus.Missing && v.Key.ApiVersionKind == apiVersionKind && !listed.Contains(v.Key))
            .Select(v => v.Key)
            .ToList();
        foreach (var reference in gone)
        {
            (_arrived ??= [])[reference] = null;
        }
        return gone.Count > 0;
    }

    /// <summary>True when some object is still on its way (Progressing).</summary>
    public bool AnyProgressing => _verdicts.Values.Any(v => v.Health.Status == HealthStatus.Progressing);

    /// <summary>True when the object needs no reading: its verdict is for this render (or it is not desired).</summary>
    public bool IsCurrent(ObjectRef reference, bool desired, string renderKey) =>
        _verdicts.TryGetValue(reference, out var verdict) && (!desired || verdict.RenderKey == renderKey);

    /// <summary>The comparison with the desired object of <paramref name="renderKey"/>, or null when not made yet.</summary>
    public ObjectDiff? DiffOf(ObjectRef reference, string renderKey) =>
        _verdicts.TryGetValue(reference, out var verdict) && verdict.RenderKey == renderKey ? verdict.Diff : null;

    /// <summary>The last known health, Missing when the object is absent or unknown.</summary>
    public HealthAssessment HealthOf(ObjectRef reference) =>
        _verdicts.TryGetValue(reference, out var verdict) ? verdict.Health : HealthRules.Assess(null);

    /// <summary>
    /// Forgets the verdicts of objects still on their way (Progressing), so that the next reconcile reads them again.
    /// True when there was any.
    /// </summary>
    public bool ForgetProgressing()
    {
        var progressing = _verdicts.Where(v => v.Value.Health.Status == HealthStatus.Progressing).Select(v => v.Key).ToList();
        foreach (var reference in progressing)
        {
            _verdicts.Remove(reference);
        }
        return progressing.Count > 0;
    }

    public void Forget(ObjectRef reference)
    {
        _verdicts.Remove(reference);
        _arrived?.Remove(reference);
    }

    /// <summary>Forgets every verdict: the next reconcile reads the objects again.</summary>
    public void Clear()
    {
        _verdicts.Clear();
        _arrived = null;
        Since = null;
    }

    private static readonly HealthAssessment Healthy = new(HealthStatus.Healthy, "Healthy", "");
    private static readonly ObjectDiff InSync = new(true, []);

    private static long? ResourceVersionOf(JsonObject? live) =>
        ParseResourceVersion(JsonScan.String(live, "metadata", "resourceVersion"));

    // Every write to an object gives it a new resourceVersion, so the same one means the same object. Real API servers
    // number them (etcd revisions) and a number is smaller to keep than text; an opaque one is never taken for an echo.
    private static long? ParseResourceVersion(string? text) =>
        long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    private sealed record Verdict(string? RenderKey, ObjectDiff? Diff, HealthAssessment Health, long? ResourceVersion, string? ForeignOwner);
}
