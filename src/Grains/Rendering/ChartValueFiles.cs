namespace Fleet.Grains.Rendering;

/// <summary>
/// Resolves an application's Helm value files: cluster variables substituted, relative to the chart directory, and
/// kept inside the repository by the same rules as every other path a render reads (<see cref="RepositoryPaths"/>).
/// </summary>
internal static class ChartValueFiles
{
    /// <summary>
    /// The real paths of <paramref name="files"/> in order; every file that cannot be used is recorded in
    /// <paramref name="output"/>'s errors, named by its repository path where it has one.
    /// </summary>
    /// <param name="realRoot">The repository root, links resolved.</param>
    /// <param name="chartDirectory">The chart directory relative to the root.</param>
    /// <param name="chartFile">The chart's Chart.yaml relative to the root, named when a value file has no path of its own.</param>
    /// <param name="files">The value files as the application lists them.</param>
    /// <param name="output">Substitutes the cluster variables and collects the errors.</param>
    public static IReadOnlyList<string> Resolve(string realRoot, string chartDirectory, string chartFile, IReadOnlyList<string> files, RenderOutput output)
    {
        var resolved = new List<string>();
        foreach (var listed in files)
        {
            var file = output.Substitute(listed, error => new RenderError(chartFile, null, $"in helm.valueFiles entry \"{listed}\": {error.Message}"));
            if (file is null)
            {
                continue;
            }

            if (Problem(realRoot, chartDirectory, file) is { } problem)
            {
                output.Errors.Add(problem.File is null ? new RenderError(chartFile, null, problem.Message) : new RenderError(problem.File, null, problem.Message));
                continue;
            }

            var real = RepositoryPaths.RealPath(Path.Combine(realRoot, chartDirectory, file));
            if (new FileInfo(real).Length > output.Limits.MaxExpandedBytesPerFile)
            {
                output.Errors.Add(new RenderError(RepositoryPaths.Relative(realRoot, real), null,
                    $"the values file is larger than {RenderOutput.Size(output.Limits.MaxExpandedBytesPerFile)}, the limit per file; split it."));
                continue;
            }

            resolved.Add(real);
        }

        return resolved;
    }

    /// <summary>
    /// The repository path of a value file relative to the chart directory (<c>../shared/values.yaml</c> from
    /// <c>charts/web</c> is <c>charts/shared/values.yaml</c>), without touching the disk; null when it leaves the repository.
    /// </summary>
    public static string? InRepository(string chartDirectory, string file)
    {
        if (Path.IsPathRooted(file))
        {
            return null;
        }

        var parts = new List<string>();
        foreach (var part in $"{chartDirectory}/{file}".Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    return null;
                }

                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return parts.Count == 0 ? "." : string.Join('/', parts);
    }

    private static (string? File, string Message)? Problem(string realRoot, string chartDirectory, string file)
    {
        if (Path.IsPathRooted(file))
        {
            return (null, $"the values file {file} is absolute; list value files relative to the chart directory, inside the repository.");
        }

        if (InRepository(chartDirectory, file) is not { } relative)
        {
            return (null, $"the values file {file} leaves the repository; Fleet only reads files inside the repository.");
        }

        var full = Path.Combine(realRoot, relative);
        if (Directory.Exists(full))
        {
            return (relative, "this is a directory, listed in helm.valueFiles; list values files.");
        }

        if (!File.Exists(full))
        {
            return (relative, "this values file, listed in helm.valueFiles, does not exist at this revision; add it, or remove it from the application's helm.valueFiles.");
        }

        return RepositoryPaths.IsInside(realRoot, RepositoryPaths.RealPath(full))
            ? null
            : (relative, "this values file is a symbolic link that leads outside the repository; Fleet only reads files inside the repository.");
    }
}
