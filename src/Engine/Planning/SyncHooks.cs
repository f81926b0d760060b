using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text;
using Fleet.Kubernetes.Json;

namespace Fleet.Engine.Planning;

/// <summary>The phase of a sync operation a hook runs in.</summary>
public enum HookPhase
{
    /// <summary>Before anything is applied: a database migration, a backup.</summary>
    PreSync,

    /// <summary>With the objects of its sync wave.</summary>
    Sync,

    /// <summary>After every wave is applied and healthy: a smoke test, a notification.</summary>
    PostSync,

    /// <summary>When a hook or an apply failed: a rollback, an alert.</summary>
    SyncFail,
}

/// <summary>When Fleet deletes a hook object it created.</summary>
[Flags]
public enum HookDeletePolicy
{
    None = 0,

    /// <summary>The previous operation's object is deleted before the next operation creates it again (the default).</summary>
    BeforeHookCreation = 1,

    /// <summary>Deleted once the operation ends, when the hook succeeded.</summary>
    HookSucceeded = 2,

    /// <summary>Deleted once the operation ends, when the hook failed.</summary>
    HookFailed = 4,
}

/// <summary>
/// What an object's hook annotations say: the phases it runs in, its order within a phase, when it is deleted.
/// <paramref name="Phases"/> is empty for a hook Fleet does not run (Argo CD's <c>Skip</c>, Helm's tests and delete
/// or rollback hooks): such an object is left out of the sync altogether.
/// </summary>
public sealed record Hook(IReadOnlyList<HookPhase> Phases, int Weight, HookDeletePolicy DeletePolicy);

/// <summary>
/// Reads hook annotations. Fleet has its own (<c>fleet.dev/hook</c>, <c>fleet.dev/hook-delete-policy</c>) and honours
/// Argo CD's and Helm's, so that charts and repositories written for them run their hooks unchanged. A hook is not one
/// of the application's resources: it runs once per sync operation, is never pruned and never counts as drift.
/// </summary>
public static class SyncHooks
{
    public const string Annotation = "fleet.dev/hook";
    public const string DeletePolicyAnnotation = "fleet.dev/hook-delete-policy";

    /// <summary>
    /// Set by Fleet on each hook object it creates: the operation and phase it was created for. A grain that restarts
    /// in the middle of an operation finds its hook by this mark and follows it rather than running it twice.
    /// </summary>
    public const string OperationAnnotation = "fleet.dev/sync-operation";

    private const string ArgoAnnotation = "argocd.argoproj.io/hook";
    private const string ArgoDeletePolicyAnnotation = "argocd.argoproj.io/hook-delete-policy";
    private const string HelmAnnotation = "helm.sh/hook";
    private const string HelmWeightAnnotation = "helm.sh/hook-weight";
    private const string HelmDeletePolicyAnnotation = "helm.sh/hook-delete-policy";

    // Hooks that belong to another moment than a sync (deletion, rollback) or to another tool (helm test): known, and
    // not run. Helm's test hooks are run by `helm test`, which Fleet has no equivalent of.
    private static readonly HashSet<string> NotRun = new(StringComparer.Ordinal)
    {
        "Skip", "PreDelete", "PostDelete",
        "pre-delete", "post-delete", "pre-rollback", "post-rollback", "test", "test-success", "test-failure",
    };

    /// <summary>The hook an object declares, or null when it is an ordinary resource.</summary>
    public static Hook? Read(JsonObject obj)
    {
        var fleet = AnnotationOf(obj, Annotation) ?? AnnotationOf(obj, ArgoAnnotation);
        var helm = AnnotationOf(obj, HelmAnnotation);
        if (fleet is null && helm is null)
        {
            return null;
        }
        var phases = new List<HookPhase>();
        foreach (var value in Values(fleet ?? helm!))
        {
            if (PhaseOf(value) is { } phase && !phases.Contains(phase))
            {
                phases.Add(phase);
            }
        }
        var weight = AnnotationOf(obj, SyncOptions.WaveAnnotation) is null && AnnotationOf(obj, "argocd.argoproj.io/sync-wave") is null
            && int.TryParse(AnnotationOf(obj, HelmWeightAnnotation), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var helmWeight)
            ? helmWeight
            : SyncOptions.Wave(obj);
        var policyText = AnnotationOf(obj, DeletePolicyAnnotation) ?? AnnotationOf(obj, ArgoDeletePolicyAnnotation) ?? AnnotationOf(obj, HelmDeletePolicyAnnotation);
        var policy = HookDeletePolicy.None;
        foreach (var value in Values(policyText ?? ""))
        {
            policy |= PolicyOf(value) ?? HookDeletePolicy.None;
        }
        // As in Argo CD and Helm, a hook that names no policy replaces its previous run when it runs again.
        return new Hook(phases, weight, policy == HookDeletePolicy.None ? HookDeletePolicy.BeforeHookCreation : policy);
    }

    /// <summary>
    /// What is wrong with an object's hook annotations (an unknown phase or delete policy), or null: a typo would
    /// otherwise turn a migration Job into an ordinary resource, or into nothing.
    /// </summary>
    public static string? Problem(JsonObject obj)
    {
        foreach (var annotation in new[] { Annotation, ArgoAnnotation, HelmAnnotation })
        {
            if (AnnotationOf(obj, annotation) is { } text
                && Values(text).FirstOrDefault(v => PhaseOf(v) is null && !NotRun.Contains(v)) is { } unknown)
            {
                return $"annotation {annotation}: \"{unknown}\" is not a hook phase; use PreSync, Sync, PostSync or SyncFail " +
                    "(Helm: pre-install, pre-upgrade, post-install, post-upgrade).";
            }
        }
        foreach (var annotation in new[] { DeletePolicyAnnotation, ArgoDeletePolicyAnnotation, HelmDeletePolicyAnnotation })
        {
            if (AnnotationOf(obj, annotation) is { } text && Values(text).FirstOrDefault(v => PolicyOf(v) is null) is { } unknown)
            {
                return $"annotation {annotation}: \"{unknown}\" is not a hook delete policy; use BeforeHookCreation, HookSucceeded " +
                    "or HookFailed (Helm: before-hook-creation, hook-succeeded, hook-failed).";
            }
        }
        return null;
    }

    /// <summary>True when the object declares a hook (to run or not): it is not one of the application's resources.</summary>
    public static bool IsHook(JsonObject obj) => Read(obj) is not null;

    /// <summary>
    /// The name of a hook that has only <c>metadata.generateName</c>, for one run of it. The API server would add five
    /// random characters; Fleet adds five derived from the application, the operation and the phase instead, so
    /// that the name is the same every time this run is planned: a grain that restarts between creating the hook and
    /// recording it finds the hook it created rather than creating a second one, and the next operation gets a new
    /// name, so the hook runs again. The alphabet is the API server's (no vowels: no words by accident).
    /// </summary>
    public static string GeneratedName(string generateName, string application, long operation, HookPhase phase, string kind)
    {
        const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{application}\n{operation}\n{phase}\n{kind}\n{generateName}"));
        var suffix = new StringBuilder(5);
        for (var i = 0; i < 5; i++)
        {
            suffix.Append(Alphabet[hash[i] % Alphabet.Length]);
        }
        // The API server keeps names within 63 characters by shortening generateName the same way.
        return generateName[..Math.Min(generateName.Length, 58)] + suffix;
    }

    /// <summary>The value of <see cref="OperationAnnotation"/> for one run.</summary>
    public static string OperationMark(long operation, HookPhase phase) => $"{operation.ToString(CultureInfo.InvariantCulture)}/{phase}";

    private static HookPhase? PhaseOf(string value) => value switch
    {
        "PreSync" or "pre-install" or "pre-upgrade" => HookPhase.PreSync,
        "Sync" => HookPhase.Sync,
        "PostSync" or "post-install" or "post-upgrade" => HookPhase.PostSync,
        "SyncFail" => HookPhase.SyncFail,
        _ => null,
    };

    private static HookDeletePolicy? PolicyOf(string value) => value switch
    {
        "BeforeHookCreation" or "before-hook-creation" => HookDeletePolicy.BeforeHookCreation,
        "HookSucceeded" or "hook-succeeded" => HookDeletePolicy.HookSucceeded,
        "HookFailed" or "hook-failed" => HookDeletePolicy.HookFailed,
        _ => null,
    };

    private static string[] Values(string text) => text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static string? AnnotationOf(JsonObject obj, string annotation) => JsonScan.String(obj, "metadata", "annotations", annotation);
}
