using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Fleet.Grains.Git;
using Fleet.Grains.Interfaces.Repositories;
using Fleet.Grains.Rendering;

namespace Fleet.Grains.Repositories;

/// <summary>
/// Renders application paths and caches the results by the content of their inputs, not by commit: the key is a
/// hash of the Git tree ids of every directory the render reads (the path, plus Kustomize bases), plus the cluster
/// variables only when the files use them. So a commit that touches other paths hits the cache, and clusters with
/// equal inputs share one render. Concurrent requests for the same key share one render.
/// </summary>
public sealed class RenderCache(IGitMirror mirror, ManifestRenderer renderer)
{
    private const int Capacity = 512;
    private readonly ConcurrentDictionary<string, Lazy<Task<RenderOutcome>>> _renders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Url, string Commit, string Path), Task<InputFingerprint>> _inputs = new();
    private readonly ConcurrentQueue<string> _order = new();

    private sealed record InputFingerprint(string Key, bool UsesVariables, string Root, string? Error);

    public async Task<RenderOutcome> RenderAsync(GitSource source, string commit, string path, RenderTarget target)
    {
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
        var key = fingerprint.UsesVariables ? Hash(fingerprint.Key, VariablesKey(target)) : fingerprint.Key;
        var render = _renders.GetOrAdd(key, k => new Lazy<Task<RenderOutcome>>(() => RenderCoreAsync(k, fingerprint.Root, resolvedPath, variables, commit)));
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

    private async Task<InputFingerprint> FingerprintAsync(GitSource source, string commit, string resolvedPath)
    {
        var root = await mirror.CheckoutAsync(source, commit, CancellationToken.None);
        if (!Directory.Exists(Path.Combine(root, resolvedPath)) && !File.Exists(Path.Combine(root, resolvedPath)))
        {
            return new InputFingerprint("", false, root, $"path \"{resolvedPath}\" does not exist at revision {commit[..Math.Min(12, commit.Length)]}");
        }
        var directories = ManifestRenderer.InputDirectories(root, resolvedPath);
        var ids = new List<string>();
        foreach (var directory in directories)
        {
            ids.Add($"{directory}={await mirror.TreeIdAsync(source, commit, directory, CancellationToken.None)}");
        }
        var realRoot = RepositoryPaths.RealRoot(root);
        var usesVariables = directories.Any(d => UsesVariables(realRoot, Path.Combine(realRoot, d)));
        return new InputFingerprint(Hash(resolvedPath, string.Join('\n', ids)), usesVariables, root, null);
    }

    private async Task<RenderOutcome> RenderCoreAsync(string key, string root, string resolvedPath, ClusterVariables variables, string commit)
    {
        var result = await renderer.RenderAsync(root, resolvedPath, variables, CancellationToken.None);
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
    }

    private static RenderOutcome Failed(string commit, string path, string error) =>
        new() { Key = "error:" + Hash(commit, path, error), Commit = commit, ResolvedPath = path, Errors = [error] };

    private static string NormalizePath(string path)
    {
        var trimmed = path.Replace('\\', '/').Trim().Trim('/');
        return trimmed.Length == 0 ? "." : trimmed;
    }

    private static string VariablesKey(RenderTarget target) =>
        target.ClusterName + "\n" + string.Join('\n', target.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

    private static string Hash(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\0', parts))));
}
