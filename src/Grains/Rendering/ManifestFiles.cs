namespace Fleet.Grains.Rendering;

/// <summary>A manifest file found under an application's path.</summary>
/// <param name="RelativePath">Relative to the repository root, with <c>/</c> separators.</param>
/// <param name="FullPath">Where to read it.</param>
internal sealed record ManifestFile(string RelativePath, string FullPath);

/// <summary>
/// Lists the manifest files of a plain directory: every <c>*.yaml</c>, <c>*.yml</c> and <c>*.json</c> below it,
/// recursively, in ordinal order of their repository-relative paths, so every silo renders the same list in the same
/// order. Names starting with '.' (<c>.git</c>, <c>.github</c>, editor files) are skipped.
/// </summary>
internal static class ManifestFiles
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <summary>True when <paramref name="fileName"/> has a manifest extension.</summary>
    public static bool IsManifestFile(string fileName) =>
        Extensions.Any(extension => fileName.EndsWith(extension, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The manifest files below <paramref name="directory"/> (a real path inside <paramref name="realRoot"/>).
    /// Symbolic links are followed only while they stay inside the repository; one that leads out is an error.
    /// </summary>
    public static IReadOnlyList<ManifestFile> List(string realRoot, string directory, List<RenderError> errors)
    {
        var files = new List<ManifestFile>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        Walk(realRoot, directory, RepositoryPaths.Relative(realRoot, directory), files, visited, errors);
        files.Sort((left, right) => string.CompareOrdinal(left.RelativePath, right.RelativePath));
        return files;
    }

    private static void Walk(string realRoot, string directory, string relativeDirectory, List<ManifestFile> files, HashSet<string> visited, List<RenderError> errors)
    {
        // A link back up the tree would otherwise make the walk endless.
        if (!visited.Add(directory))
        {
            return;
        }

        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            if (entry.Name.StartsWith('.'))
            {
                continue;
            }

            var relative = relativeDirectory == "." ? entry.Name : $"{relativeDirectory}/{entry.Name}";
            var real = entry.FullName;
            if (entry.LinkTarget is not null)
            {
                try
                {
                    real = RepositoryPaths.RealPath(entry.FullName);
                }
                catch (RenderException exception)
                {
                    errors.Add(new RenderError(relative, null, exception.Message));
                    continue;
                }

                if (!RepositoryPaths.IsInside(realRoot, real))
                {
                    errors.Add(new RenderError(relative, null, "this symbolic link leads outside the repository; Fleet only reads files inside the repository, so replace the link with the files."));
                    continue;
                }
            }

            if (Directory.Exists(real))
            {
                Walk(realRoot, real, relative, files, visited, errors);
            }
            else if (File.Exists(real) && IsManifestFile(entry.Name))
            {
                files.Add(new ManifestFile(relative, real));
            }
        }
    }
}
