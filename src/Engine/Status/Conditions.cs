namespace Fleet.Engine.Status;

/// <summary>
/// The condition types an instance reports, one vocabulary for the engine, the grains, the API, events and the CLI.
/// Most read "True is good" (<see cref="Synced"/>, <see cref="Healthy"/>, <see cref="ClusterReachable"/>); the others
/// name a problem that holds while True (<see cref="IsProblem"/>), as users of Argo CD and Flux read them.
/// </summary>
public static class ConditionTypes
{
    /// <summary>The last sync applied Git's objects (True) or failed (False).</summary>
    public const string Synced = "Synced";

    /// <summary>Live objects differ from Git.</summary>
    public const string OutOfSync = "OutOfSync";

    /// <summary>Every object is healthy (False names the worst one).</summary>
    public const string Healthy = "Healthy";

    /// <summary>A rollback holds the instance at a revision until unpinned.</summary>
    public const string Pinned = "Pinned";

    /// <summary>The revision cannot be rendered; nothing of it was applied.</summary>
    public const string RenderFailed = "RenderFailed";

    /// <summary>The cluster answers (False: it does not, or it is not registered).</summary>
    public const string ClusterReachable = "ClusterReachable";

    /// <summary>The reconcile stopped on an error that is neither the cluster's nor the render's.</summary>
    public const string ReconcileFailed = "ReconcileFailed";

    /// <summary>A sync operation with hooks is under way (information): what it waits for.</summary>
    public const string SyncRunning = "SyncRunning";

    // Types that say something is fine while True. Every other type but Pinned and SyncRunning (information) names a problem that
    // holds while True, so a type added later (Stalled, HookFailed) reads right without being listed.
    private static readonly HashSet<string> PositiveTypes = new(StringComparer.Ordinal) { Synced, Healthy, ClusterReachable, "Ready" };

    /// <summary>Whether a condition of <paramref name="type"/> with <paramref name="status"/> reports a problem.</summary>
    public static bool IsProblem(string type, string status) =>
        type != Pinned && type != SyncRunning && (PositiveTypes.Contains(type) ? status != "True" : status == "True");
}

/// <summary>Machine reasons of conditions and events, shared as <see cref="ConditionTypes"/> are.</summary>
public static class Reasons
{
    public const string SyncSucceeded = "SyncSucceeded";
    public const string SyncFailed = "SyncFailed";
    public const string LiveDiffersFromGit = "LiveDiffersFromGit";
    public const string InvalidManifests = "InvalidManifests";
    public const string RolledBack = "RolledBack";
    public const string ClusterNotRegistered = "ClusterNotRegistered";
    public const string ManualSync = "ManualSync";
    public const string RevisionChanged = "RevisionChanged";
    public const string SelfHeal = "SelfHeal";
    public const string OwnedByAnotherApplication = "OwnedByAnotherApplication";
    public const string LiveMatchesGit = "LiveMatchesGit";

    /// <summary>A hook of a sync operation failed: the operation failed with it.</summary>
    public const string HookFailed = "HookFailed";

    /// <summary>The cluster does not serve an object's kind and no CRD of the revision defines it: nothing was applied.</summary>
    public const string KindNotServed = "KindNotServed";

    /// <summary>A sync operation waits for a hook or for objects to become healthy.</summary>
    public const string WaitingForHook = "WaitingForHook";

    /// <summary>The API server answered a request for one object with another object (or a list).</summary>
    public const string UnexpectedAnswer = "UnexpectedAnswer";

    /// <summary>A request path would hold an empty, "." or ".." segment: refused before it is sent.</summary>
    public const string InvalidRequestPath = "InvalidRequestPath";

    /// <summary>The application's project does not allow an object it renders (or its repository or cluster).</summary>
    public const string NotPermittedByProject = "NotPermittedByProject";

    /// <summary>The instance's cluster runs in agent mode and the control plane does not reconcile it itself.</summary>
    public const string ReconciledByAgent = "ReconciledByAgent";
}

/// <summary>How a sync ended, as <see cref="SyncRecord.Result"/> says it.</summary>
public static class SyncResults
{
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
}
