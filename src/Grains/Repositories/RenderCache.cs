using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Fleet.Grains.Charts;
using Fleet.Grains.Git;
using Fleet.Grains.Interfaces.Repositories;
using Fleet.Grains.Rendering;

namespace Fleet.Grains.Repositories;

/// <summary>
/// Renders application paths and caches the results by the content of their inputs, not by commit: the key is a
/// hash of the Git tree ids of every directory the render reads (the path, plus Kustomize bases), plus the cluster
/// variables only when the files use them. So a commit that touches other paths hits the cache, and clusters with
/// equal inputs share one render. A chart's key adds its release, the tree ids of the directories of its value files,
/// its inline values after substitution and exactly the capabilities of the cluster the chart reads
/// (<see cref="CapabilityUse"/>). Concurrent requests for the same key share one render.
/// </summary>
public sealed class RenderCache(IGitMirror mirror, ManifestRenderer renderer)
{
    private const int Capacity = 512;
    private readonly ConcurrentDictionary<string, Lazy<Task<RenderOutcome>>> _renders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Url, string Commit, string Path), Task<InputFingerprint>> _inputs = new();
    private readonly ConcurrentDictionary<(string Url, string Commit, string Path), Task<ValueFileFingerprint>> _valueFiles = new();
    private readonly ConcurrentQueue<string> _order = new();
    private readonly ConcurrentDictionary<string, Task<CapabilityUse>> _chartUses = new(StringComparer.Ordinal);

    // Chart: what the chart reads of the cluster when the path is a chart; null otherwise.
    private sealed record InputFingerprint(string Key, bool UsesVariables, string? Error, CapabilityUse? Chart = null);

    // Key: the value file's path and the tree id of its directory (which covers links beside it). Use: what its text
    // reads of the cluster (charts may pass values through tpl).
    private sealed record ValueFileFingerprint(string Key, CapabilityUse Use);

    public async Task<RenderOutcome> RenderAsync(GitSource source, string commit, string path, RenderTarget target, HelmRelease? release = null,
        IReadOnlyList<string>? remoteSources = null)
    {
        remoteSources ??= [];
        var variables = new ClusterVariables(target.ClusterName, target.Labels);
        var substituted = ClusterTemplate.Substitute(path, variables);
        if (!substituted.Succeeded)
        {
            return Failed(commit, path, $"path \"{path}\": {string.Join("; ", substituted.Errors.Select(e => e.Message))}");
        }
        var resolvedPath = NormalizePath(substituted.Text);
        var inputKey = (source.Url, commit, resolvedPath);
        InputFingerprint fingerprint;
        try
        {
            fingerprint = await _inputs.GetOrAdd(inputKey, key => FingerprintAsync(source, key.Commit, key.Path));
        }
        catch
        {
            // A failed checkout (Git down) must not be remembered: the next reconcile tries again.
            _inputs.TryRemove(inputKey, out _);
            throw;
        }
        if (fingerprint.Error is not null)
        {
            return Failed(commit, resolvedPath, fingerprint.Error);
        }
        // The fingerprint is remembered, the exported commit it was taken from may have been collected since (or be
        // about to be): checking out again brings it back if needed and marks it in use for this render.
        var root = await mirror.CheckoutAsync(source, commit, CancellationToken.None);
        string key;
        ChartRelease? chart = null;
        if (fingerprint.Chart is { } chartUse)
        {
            release ??= new HelmRelease { Name = Path.GetFileName(resolvedPath), Namespace = "default" };
            var (chartKey, use) = await ChartKeyAsync(source, commit, root, resolvedPath, release, variables);
            use = use.Or(chartUse);
            if (use != CapabilityUse.None && target.Capabilities is null)
            {
                return NeedsCapabilities(commit, resolvedPath);
            }
            key = Hash(fingerprint.Key, chartKey, CapabilitiesKey(target.Capabilities, use));
            chart = new ChartRelease(release.Name, release.Namespace, release.ValueFiles, release.Values,
                target.Capabilities is { } capabilities ? new KubeCapabilities(capabilities.KubeVersion, capabilities.ApiVersions) : null);
        }
        else
        {
            key = fingerprint.UsesVariables ? Hash(fingerprint.Key, VariablesKey(target)) : fingerprint.Key;
            if (release is { ChartExpected: true })
            {
                // Rendered only to say that the path is not a chart.
                key = Hash(key, "chart expected");
                chart = new ChartRelease(release.Name, release.Namespace, [], null, null) { ChartExpected = true };
            }
        }
        if (remoteSources.Count > 0)
        {
            // Whether a remote base may be rendered depends on the project: equal files under other rules differ.
            key = Hash(key, "remote sources", string.Join('\n', remoteSources));
        }
        var render = _renders.GetOrAdd(key, k => new Lazy<Task<RenderOutcome>>(() => RenderCoreAsync(k, root, resolvedPath, variables, chart, remoteSources, commit)));
        if (render.IsValueCreated is false)
        {
            _order.Enqueue(key);
            Evict();
        }
        try
        {
            var outcome = await render.Value;
            return outcome with { Commit = commit };
        }
        catch
        {
            _renders.TryRemove(key, out _);
            throw;
        }
    }

    /// <summary>
    /// Renders a chart downloaded from a Helm repository or registry. The key is the archive's digest (which covers
    /// the chart and the value files inside it), the release, the value file names and inline values after
    /// substitution, and exactly the capabilities the chart reads, so clusters with equal inputs share one render.
    /// <paramref name="version"/> stands where a commit stands for Git: it is the outcome's revision.
    /// </summary>
    public async Task<RenderOutcome> RenderChartAsync(string repository, ChartPackage package, string version, RenderTarget target, HelmRelease release)
    {
        var variables = new ClusterVariables(target.ClusterName, target.Labels);
        var use = await _chartUses.GetOrAdd(package.Digest, _ => Task.Run(() => CapabilityUse.OfChart(RepositoryPaths.RealRoot(package.Root),
            RepositoryPaths.RealPath(Path.Combine(RepositoryPaths.RealRoot(package.Root), package.Chart)))));
        var parts = new List<string> { "helm-package", repository, package.Digest, release.Name, release.Namespace };
        foreach (var listed in release.ValueFiles)
        {
            var substituted = ClusterTemplate.Substitute(listed, variables);
            parts.Add(substituted.Succeeded ? substituted.Text : $"{listed}\n{VariablesKey(variables)}");
            if (substituted.Succeeded && ChartValueFiles.InRepository(package.Chart, substituted.Text) is { } relative
                && File.Exists(Path.Combine(package.Root, relative)))
            {
                use = use.Or(CapabilityUse.OfText(await File.ReadAllTextAsync(Path.Combine(package.Root, relative))));
            }
        }
        if (release.Values is { } values)
        {
            var substituted = ClusterTemplate.Substitute(values, variables);
            parts.Add(substituted.Succeeded ? substituted.Text : $"{values}\n{VariablesKey(variables)}");
            use = use.Or(CapabilityUse.OfText(values));
        }
        if (use != CapabilityUse.None && target.Capabilities is null)
        {
            return NeedsCapabilities(version, package.Chart);
        }
        var key = Hash([.. parts, CapabilitiesKey(target.Capabilities, use)]);
        var chart = new ChartRelease(release.Name, release.Namespace, release.ValueFiles, release.Values,
            target.Capabilities is { } capabilities ? new KubeCapabilities(capabilities.KubeVersion, capabilities.ApiVersions) : null)
        { ChartExpected = true };
        var render = _renders.GetOrAdd(key, k => new Lazy<Task<RenderOutcome>>(() => RenderCoreAsync(k, package.Root, package.Chart, variables, chart, [], version)));
        if (render.IsValueCreated is false)
        {
            _order.Enqueue(key);
            Evict();
        }
        try
        {
            return (await render.Value) with { Commit = version };
        }
        catch
        {
            _renders.TryRemove(key, out _);
            throw;
        }
    }

    private async Task<InputFingerprint> FingerprintAsync(GitSource source, string commit, string resolvedPath)
    {
        var root = await mirror.CheckoutAsync(source, commit, CancellationToken.None);
        if (!Directory.Exists(Path.Combine(root, resolvedPath)) && !File.Exists(Path.Combine(root, resolvedPath)))
        {
            return new InputFingerprint("", false, $"path \"{resolvedPath}\" does not exist at revision {commit[..Math.Min(12, commit.Length)]}");
        }
        var directories = ManifestRenderer.InputDirectories(root, resolvedPath);
        var ids = new List<string>();
        foreach (var directory in directories)
        {
            ids.Add($"{directory}={await mirror.TreeIdAsync(source, commit, directory, CancellationToken.None)}");
        }
        var realRoot = RepositoryPaths.RealRoot(root);
        var target = RepositoryPaths.RealPath(Path.Combine(realRoot, resolvedPath));
        if (Directory.Exists(target) && ChartRelease.IsChart(target))
        {
            // A chart's templates are not substituted: what varies between clusters is its values and capabilities.
            var use = await Task.Run(() => CapabilityUse.OfChart(realRoot, target));
            return new InputFingerprint(Hash(resolvedPath, string.Join('\n', ids)), false, null, use);
        }
        var usesVariables = directories.Any(d => UsesVariables(realRoot, Path.Combine(realRoot, d)));
        return new InputFingerprint(Hash(resolvedPath, string.Join('\n', ids)), usesVariables, null);
    }

    // The part of a chart render's key that comes from the application: release, value files (after substitution)
    // and inline values (after substitution), with what they read of the cluster. A variable that cannot be
    // substituted keys the render by the cluster's variables: the render reports it.
    private async Task<(string Key, CapabilityUse Use)> ChartKeyAsync(GitSource source, string commit, string root, string chartPath,
        HelmRelease release, ClusterVariables variables)
    {
        var parts = new List<string> { "helm", release.Name, release.Namespace };
        var use = CapabilityUse.None;
        foreach (var listed in release.ValueFiles)
        {
            var substituted = ClusterTemplate.Substitute(listed, variables);
            var relative = substituted.Succeeded ? ChartValueFiles.InRepository(chartPath, substituted.Text) : null;
            if (relative is null)
            {
                parts.Add($"{listed}\n{VariablesKey(variables)}");
                continue;
            }
            var fileKey = (source.Url, commit, relative);
            ValueFileFingerprint file;
            try
            {
                file = await _valueFiles.GetOrAdd(fileKey, key => ValueFileAsync(source, key.Commit, root, key.Path));
            }
            catch
            {
                // As for the inputs: a failed tree lookup (Git down) is not remembered.
                _valueFiles.TryRemove(fileKey, out _);
                throw;
            }
            parts.Add(file.Key);
            use = use.Or(file.Use);
        }
        if (release.Values is { } values)
        {
            var substituted = ClusterTemplate.Substitute(values, variables);
            parts.Add(substituted.Succeeded ? substituted.Text : $"{values}\n{VariablesKey(variables)}");
            use = use.Or(CapabilityUse.OfText(values));
        }
        return (Hash([.. parts]), use);
    }

    private async Task<ValueFileFingerprint> ValueFileAsync(GitSource source, string commit, string root, string relative)
    {
        var directory = Path.GetDirectoryName(relative)?.Replace('\\', '/') is { Length: > 0 } parent ? parent : ".";
        var tree = await mirror.TreeIdAsync(source, commit, directory == "." ? "" : directory, CancellationToken.None);
        var full = Path.Combine(root, relative);
        var use = await Task.Run(() => File.Exists(full) ? CapabilityUse.OfText(File.ReadAllText(full)) : CapabilityUse.None);
        return new ValueFileFingerprint($"{relative}={tree}", use);
    }

    // Only what the chart reads: clusters that differ in anything else share the render.
    private static string CapabilitiesKey(ClusterCapabilities? capabilities, CapabilityUse use) =>
        capabilities is null || use == CapabilityUse.None ? "" : string.Join('\n',
            use.KubeVersion ? capabilities.KubeVersion : "-",
            use.ApiVersions ? string.Join(',', capabilities.ApiVersions.Order(StringComparer.Ordinal)) : "-");

    private async Task<RenderOutcome> RenderCoreAsync(string key, string root, string resolvedPath, ClusterVariables variables, ChartRelease? chart,
        IReadOnlyList<string> remoteSources, string commit)
    {
        var result = await renderer.RenderAsync(root, resolvedPath, variables, chart, CancellationToken.None, remoteSources);
        return new RenderOutcome
        {
            Key = key,
            Commit = commit,
            ResolvedPath = resolvedPath,
            Manifests = [.. result.Manifests.Select(m => new Manifest
            {
                ApiVersion = m.ApiVersion,
                Kind = m.Kind,
                Namespace = m.Namespace,
                Name = m.Name,
                Json = m.Json,
                SourceFile = m.SourceFile,
                Line = m.Line,
            })],
            Errors = [.. result.Errors.Select(e => e.Line is int line ? $"{e.File}:{line}: {e.Message}" : $"{e.File}: {e.Message}")],
        };
    }

    private static bool UsesVariables(string realRoot, string directory)
    {
        if (File.Exists(directory))
        {
            return ClusterTemplate.UsesClusterVariables(File.ReadAllText(directory));
        }
        // Walked with a visited set: a committed link to "." or fanning links must not make the walk explode.
        return Directory.Exists(directory) && RepositoryFiles.List(realRoot, directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .Any(f => ClusterTemplate.UsesClusterVariables(File.ReadAllText(f)));
    }

    private void Evict()
    {
        while (_renders.Count > Capacity && _order.TryDequeue(out var oldest))
        {
            _renders.TryRemove(oldest, out _);
        }
        if (_inputs.Count > Capacity * 4)
        {
            _inputs.Clear();
        }
        if (_valueFiles.Count > Capacity * 4)
        {
            _valueFiles.Clear();
        }
        if (_chartUses.Count > Capacity * 4)
        {
            _chartUses.Clear();
        }
    }

    private static RenderOutcome NeedsCapabilities(string commit, string path) => new()
    {
        Key = "needs-capabilities:" + Hash(commit, path),
        Commit = commit,
        ResolvedPath = path,
        NeedsCapabilities = true,
        Errors = [$"{path}: the chart reads the cluster's capabilities; render it with the cluster's version and API versions."],
    };

    private static RenderOutcome Failed(string commit, string path, string error) =>
        new() { Key = "error:" + Hash(commit, path, error), Commit = commit, ResolvedPath = path, Errors = [error] };

    private static string NormalizePath(string path)
    {
        var trimmed = path.Replace('\\', '/').Trim().Trim('/');
        return trimmed.Length == 0 ? "." : trimmed;
    }

    private static string VariablesKey(RenderTarget target) => VariablesKey(new ClusterVariables(target.ClusterName, target.Labels));

    private static string VariablesKey(ClusterVariables variables) =>
        variables.Name + "\n" + string.Join('\n', variables.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

    private static string Hash(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\0', parts))));
}
