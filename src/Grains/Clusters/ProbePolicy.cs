namespace Fleet.Grains.Clusters;

/// <summary>
/// When a connected cluster needs a probe. Any answer of its API server (an apply, a read, a watch line) proves it
/// reachable as well as a probe would, so a cluster that answered recently is not asked again. An open watch stream
/// is an answer that keeps coming: kube-apiserver sends a bookmark on it about once a minute, so while one is open
/// the cluster may stay quiet for up to twice the interval (an interval plus at most the minute between bookmarks).
/// With the default 30 s, bookmarks alone keep a watched cluster from being probed; a connection that breaks ends its
/// watches and is probed at the next tick, one that dies without a word within three intervals.
/// </summary>
public static class ProbePolicy
{
    /// <summary>How often kube-apiserver sends a bookmark on a watch that asked for them.</summary>
    public static readonly TimeSpan BookmarkPeriod = TimeSpan.FromMinutes(1);

    /// <summary>Whether the probe timer's tick must ask the API server.</summary>
    /// <param name="now">The time of the tick.</param>
    /// <param name="lastAnswer">When the API server last answered, or null if it never did.</param>
    /// <param name="interval">The probe interval.</param>
    /// <param name="openWatches">The cluster's watch streams open right now.</param>
    public static bool ProbeDue(DateTimeOffset now, DateTimeOffset? lastAnswer, TimeSpan interval, int openWatches)
    {
        if (lastAnswer is not { } answered)
        {
            return true;
        }
        var allowedQuiet = openWatches > 0 ? interval + (interval < BookmarkPeriod ? interval : BookmarkPeriod) : interval;
        return now - answered >= allowedQuiet;
    }
}
