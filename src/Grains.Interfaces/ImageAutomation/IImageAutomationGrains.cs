using Orleans.Concurrency;

namespace Fleet.Grains.Interfaces.ImageAutomation;

/// <summary>
/// One image repository (key: its name). Lists the image's tags from its registry on a timer at the registered interval
/// and at once on register or scan; keeps the last good list when the registry fails (with a condition saying why)
/// and tells the policies that use it after every successful scan.
/// </summary>
public interface IImageRepositoryGrain : IGrainWithStringKey
{
    /// <summary>Registers the image repository or replaces its spec, then scans.</summary>
    Task<ImageRepositoryView> RegisterAsync(ImageRepositorySpec spec);

    /// <summary>The image repository as the API shows it, or null when not registered.</summary>
    [AlwaysInterleave]
    Task<ImageRepositoryView?> GetAsync();

    /// <summary>The tags of the last good scan (null when not registered).</summary>
    [AlwaysInterleave]
    Task<ImageTags?> GetTagsAsync();

    /// <summary>Lists the tags now and tells the policies.</summary>
    Task<ImageRepositoryView> ScanAsync();

    /// <summary>Forgets the image repository.</summary>
    Task UnregisterAsync();
}

/// <summary>
/// One image policy (key: its name): the latest tag of its image repository that its rule accepts, recomputed on
/// every scan. A change tells every image update.
/// </summary>
public interface IImagePolicyGrain : IGrainWithStringKey
{
    /// <summary>Registers the policy or replaces its spec, then evaluates it against the repository's last tags.</summary>
    Task<ImagePolicyView> RegisterAsync(ImagePolicySpec spec);

    /// <summary>The policy with its latest tag, or null when not registered.</summary>
    [AlwaysInterleave]
    Task<ImagePolicyView?> GetAsync();

    /// <summary>Re-evaluates the policy against <paramref name="tags"/> (its image repository calls this after each scan).</summary>
    Task<ImagePolicyView?> EvaluateAsync(ImageTags tags);

    /// <summary>Forgets the policy.</summary>
    Task UnregisterAsync();
}

/// <summary>
/// One image update (key: its name): rewrites the marked values under its path to the policies' latest tags, commits
/// and pushes. Runs on register, when a policy changes, and on a slow timer; does nothing when every value is current.
/// </summary>
public interface IImageUpdateGrain : IGrainWithStringKey
{
    /// <summary>Registers the image update or replaces its spec, then runs once.</summary>
    Task<ImageUpdateView> RegisterAsync(ImageUpdateSpec spec);

    /// <summary>The image update with its last push, or null when not registered.</summary>
    [AlwaysInterleave]
    Task<ImageUpdateView?> GetAsync();

    /// <summary>Clones, rewrites the marked values, commits and pushes when anything changed.</summary>
    Task<ImageUpdateView> RunAsync();

    /// <summary>A policy's latest tag changed: run soon (calls for several policies at once share one run).</summary>
    [OneWay]
    Task OnPolicyChangedAsync(string policy);

    /// <summary>Forgets the image update.</summary>
    Task UnregisterAsync();
}

/// <summary>
/// The names of every image repository, policy and update (key "fleet"), with the image repository each policy uses,
/// so that a scan finds its policies and a policy change its updates without reading every grain.
/// </summary>
public interface IImageAutomationDirectoryGrain : IGrainWithStringKey
{
    Task SetRepositoryAsync(string name);
    Task RemoveRepositoryAsync(string name);
    Task SetPolicyAsync(string name, string imageRepository);
    Task RemovePolicyAsync(string name);
    Task SetUpdateAsync(string name);
    Task RemoveUpdateAsync(string name);

    [AlwaysInterleave]
    Task<IReadOnlyList<string>> GetRepositoriesAsync();

    [AlwaysInterleave]
    Task<IReadOnlyList<string>> GetPoliciesAsync();

    /// <summary>The policies that use <paramref name="imageRepository"/>.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<string>> GetPoliciesOfAsync(string imageRepository);

    [AlwaysInterleave]
    Task<IReadOnlyList<string>> GetUpdatesAsync();
}

/// <summary>The image automation directory, reached by a typed reference rather than a key repeated at call sites.</summary>
public static class ImageAutomationGrains
{
    public static IImageAutomationDirectoryGrain ImageAutomationDirectory(this IGrainFactory grains) =>
        grains.GetGrain<IImageAutomationDirectoryGrain>("fleet");
}
