namespace Fleet.Grains.Rendering;

/// <summary>
/// Keeps every path a render touches inside the checked-out repository: no absolute paths, no <c>..</c> escapes and
/// no symbolic links that lead out of it (a repository is untrusted input; it must not make a silo read its own files).
/// </summary>
internal static class RepositoryPaths
{
    // Linux gives up after 40 links; so do we, which also stops link cycles.
    private const int MaxLinkDepth = 40;

    /// <summary>The repository root with every symbolic link resolved.</summary>
    public static string RealRoot(string repositoryRoot)
    {
        var full = Path.GetFullPath(repositoryRoot);
        if (!Directory.Exists(full))
        {
            throw new RenderException($"the repository checkout {repositoryRoot} does not exist.");
        }

        return RealPath(full);
    }

    /// <summary>
    /// Resolves <paramref name="path"/> under <paramref name="realRoot"/> and returns its real location.
    /// Throws <see cref="RenderException"/> when it is absolute, leaves the repository or does not exist.
    /// </summary>
    public static string Resolve(string realRoot, string path)
    {
        if (Path.IsPathRooted(path))
        {
            throw new RenderException($"path {path} is absolute; write it relative to the repository root.");
        }

        var full = Path.GetFullPath(Path.Combine(realRoot, path));
        if (!IsInside(realRoot, full))
        {
            throw new RenderException($"path {path} leaves the repository; remove the '..' so it stays inside the repository.");
        }

        if (!File.Exists(full) && !Directory.Exists(full))
        {
            throw new RenderException($"path {path} does not exist at this revision; check the application's path and the revision it points at.");
        }

        var real = RealPath(full);
        if (!IsInside(realRoot, real))
        {
            throw new RenderException($"path {path} goes through a symbolic link that leads outside the repository; Fleet only reads files inside the repository.");
        }

        return real;
    }

    /// <summary><paramref name="path"/> with every symbolic link along it resolved.</summary>
    public static string RealPath(string path) => RealPath(Path.GetFullPath(path), 0);

    /// <summary>True when <paramref name="candidate"/> is <paramref name="root"/> or below it.</summary>
    public static bool IsInside(string root, string candidate)
    {
        var relative = Path.GetRelativePath(root, candidate);
        return relative == "." || !(relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative));
    }

    /// <summary>The repository-relative form of a path below the root, with <c>/</c> separators; the root itself is <c>.</c>.</summary>
    public static string Relative(string realRoot, string fullPath) =>
        Path.GetRelativePath(realRoot, fullPath).Replace(Path.DirectorySeparatorChar, '/');

    private static string RealPath(string fullPath, int depth)
    {
        if (depth > MaxLinkDepth)
        {
            throw new RenderException($"a symbolic link leads through more than {MaxLinkDepth} links (a link cycle?); fix the links in the repository.");
        }

        var root = Path.GetPathRoot(fullPath) ?? "";
        var current = root;
        foreach (var part in fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            var info = new FileInfo(current);
            if (info.LinkTarget is { } target)
            {
                // A relative link target is relative to the directory holding the link.
                var targetPath = Path.GetFullPath(target, Path.GetDirectoryName(current) ?? root);
                current = RealPath(targetPath, depth + 1);
            }
        }

        return current;
    }
}
