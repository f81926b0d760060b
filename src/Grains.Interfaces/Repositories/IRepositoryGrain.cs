using Orleans.Concurrency;

namespace Fleet.Grains.Interfaces.Repositories;

/// <summary>
/// One registered Git repository (key: its name). Polls the remote (and refreshes at once when told), keeps the last
/// good revision, renders applications' paths on demand with renders cached by the content hash of their inputs,
/// and tells subscribed applications about new revisions.
/// </summary>
public interface IRepositoryGrain : IGrainWithStringKey
{
    /// <summary>Registers the repository or replaces its spec, then fetches.</summary>
    Task<RepositoryView> RegisterAsync(RepositorySpec spec);

    /// <summary>The repository as the API shows it, or null when not registered.</summary>
    [AlwaysInterleave]
    Task<RepositoryView?> GetAsync();

    /// <summary>Forgets the repository.</summary>
    Task UnregisterAsync();

    /// <summary>Checks the remote now (webhooks and the API call this) and fetches when it moved.</summary>
    Task<RepositoryView> RefreshAsync();

    /// <summary>
    /// The commit a revision means now: the branch's last fetched head for the tracked branch (or null revision),
    /// else a tag, another branch or a SHA resolved in the mirror. Throws when it cannot be resolved.
    /// </summary>
    [AlwaysInterleave]
    Task<string> ResolveAsync(string? revision);

    /// <summary>
    /// Renders an application path at a commit for one cluster; equal inputs share one cached render. A chart is
    /// rendered as <paramref name="release"/>; when it reads the cluster's capabilities and the target has none, the
    /// outcome asks for them (<see cref="RenderOutcome.NeedsCapabilities"/>). A Kustomize reference to a remote base
    /// is rendered only when it matches one of <paramref name="remoteSources"/> (the globs of the application's project).
    /// </summary>
    [AlwaysInterleave]
    Task<RenderOutcome> RenderAsync(string commit, string path, RenderTarget target, HelmRelease release, IReadOnlyList<string> remoteSources);

    /// <summary>
    /// The version of <paramref name="chart"/> in a Helm repository that <paramref name="constraint"/> means now (an exact
    /// version, a range, a wildcard, caret or tilde; empty for the latest release), from the last good index. An OCI
    /// registry lists the chart's tags the first time it is asked for and on every poll after.
    /// </summary>
    [AlwaysInterleave]
    Task<ChartResolution> ResolveChartAsync(string chart, string? constraint);

    /// <summary>
    /// Renders version <paramref name="version"/> of <paramref name="chart"/> from a Helm repository for one cluster: the
    /// archive is downloaded and verified once per silo, equal inputs share one render. A download that fails is an
    /// outcome with the error, never a partial render.
    /// </summary>
    [AlwaysInterleave]
    Task<RenderOutcome> RenderChartAsync(string chart, string version, RenderTarget target, HelmRelease release);

    /// <summary>The application will be told (OnRevisionAsync) when the tracked branch moves.</summary>
    Task SubscribeAsync(string application);

    /// <summary>Stops telling the application about new revisions.</summary>
    Task UnsubscribeAsync(string application);

    /// <summary>
    /// Whether a webhook's proof matches this repository's webhook secret (fixed-time compare); false when the
    /// repository has no secret or is not registered. The secret never leaves the grain.
    /// </summary>
    [AlwaysInterleave]
    Task<bool> VerifyWebhookAsync(WebhookProof proof);

    /// <summary>
    /// The remote and decrypted credentials, for writers in the silo that push (image updates); null when not
    /// registered. Never exposed through the API.
    /// </summary>
    [AlwaysInterleave]
    Task<RepositoryAccess?> GetAccessAsync();
}
