namespace Fleet.Grains.Rendering;

/// <summary>
/// Renders an application's path in a checked-out repository into the Kubernetes objects for one cluster. A directory
/// with Chart.yaml is rendered by <c>helm template</c>; a directory with a kustomization file by Kustomize; any other
/// directory is read as plain YAML and JSON manifests. Then the cluster variables are substituted (not in a chart's
/// output: a chart takes them through its value file paths and inline values). The result is all or nothing: any
/// error leaves it without manifests.
/// </summary>
/// <param name="kustomize">Runs Kustomize for directories that have a kustomization file.</param>
/// <param name="limits">How large a render may grow; the defaults of <see cref="RenderLimits"/> when null.</param>
/// <param name="helm">Runs helm for chart directories; one that searches the process's PATH when null.</param>
public sealed class ManifestRenderer(IKustomizeRunner kustomize, RenderLimits? limits = null, HelmRunner? helm = null)
{
    private readonly RenderLimits _limits = limits ?? new RenderLimits();
    private readonly HelmRunner _helm = helm ?? new HelmRunner();

    /// <summary>Renders <paramref name="path"/> for the cluster described by <paramref name="variables"/>.</summary>
    /// <param name="repositoryRoot">The checked-out tree at the revision to render.</param>
    /// <param name="path">The application's path relative to <paramref name="repositoryRoot"/>, <c>.</c> or empty for
    /// the root. Cluster variables in it (<c>overlays/{{cluster.labels.env}}</c>) are substituted first.</param>
    /// <param name="variables">The cluster's name and labels.</param>
    /// <param name="cancellationToken">Stops the render.</param>
    /// <returns>The manifests in source order, or the errors and no manifests.</returns>
    public Task<RenderResult> RenderAsync(string repositoryRoot, string path, ClusterVariables variables, CancellationToken cancellationToken) =>
        RenderAsync(repositoryRoot, path, variables, release: null, cancellationToken);

    /// <summary>Renders <paramref name="path"/> for the cluster described by <paramref name="variables"/>.</summary>
    /// <param name="repositoryRoot">The checked-out tree at the revision to render.</param>
    /// <param name="path">The application's path relative to <paramref name="repositoryRoot"/>, <c>.</c> or empty for
    /// the root. Cluster variables in it (<c>overlays/{{cluster.labels.env}}</c>) are substituted first.</param>
    /// <param name="variables">The cluster's name and labels.</param>
    /// <param name="release">How a chart at <paramref name="path"/> is rendered; null renders a chart as a release
    /// named after its directory in namespace <c>default</c>, with the chart's own values and helm's default capabilities.</param>
    /// <param name="cancellationToken">Stops the render.</param>
    /// <param name="remoteSources">Globs of the remote Kustomize references that may be rendered (the project's); none when null.</param>
    /// <returns>The manifests in source order, or the errors and no manifests.</returns>
    public async Task<RenderResult> RenderAsync(string repositoryRoot, string path, ClusterVariables variables, ChartRelease? release,
        CancellationToken cancellationToken, IReadOnlyList<string>? remoteSources = null)
    {
        ArgumentNullException.ThrowIfNull(repositoryRoot);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(variables);

        var substitutedPath = ClusterTemplate.Substitute(path, variables);
        if (!substitutedPath.Succeeded)
        {
            return RenderResult.Failed(substitutedPath.Errors.Select(error => new RenderError(path, null, $"in the application's path: {error.Message}")).ToList());
        }

        string realRoot;
        string target;
        try
        {
            realRoot = RepositoryPaths.RealRoot(repositoryRoot);
            target = RepositoryPaths.Resolve(realRoot, NormalizePath(substitutedPath.Text));
        }
        catch (RenderException exception)
        {
            return RenderResult.Failed([new RenderError(substitutedPath.Text, null, exception.Message)]);
        }

        var output = new RenderOutput(variables, _limits);
        if (Directory.Exists(target) && ChartRelease.IsChart(target))
        {
            release ??= new ChartRelease(Path.GetFileName(target), "default", [], null, null);
            await RenderChartAsync(repositoryRoot, realRoot, target, release, output, cancellationToken);
        }
        else if (release is { ChartExpected: true })
        {
            output.Errors.Add(new RenderError(RepositoryPaths.Relative(realRoot, target), null,
                "the application has Helm settings, but its path holds no Chart.yaml; point the path at the chart's directory, or remove the helm section."));
        }
        else if (Directory.Exists(target) && KustomizationReferences.FindFile(target) is { } kustomizationFile)
        {
            await RenderKustomizationAsync(repositoryRoot, realRoot, target, kustomizationFile, remoteSources ?? [], output, cancellationToken);
        }
        else
        {
            await RenderPlainAsync(realRoot, target, output, cancellationToken);
        }

        return output.ToResult();
    }

    /// <summary>
    /// The local directories, relative to <paramref name="repositoryRoot"/> with <c>/</c> separators (<c>.</c> for the
    /// root), whose content determines the render of <paramref name="path"/>: the path itself and, for Kustomize, every
    /// local directory its kustomization files reference, recursively. Directories inside another listed directory are
    /// left out, since the outer tree's id covers them. Hash their Git tree ids to key a render cache by content.
    /// </summary>
    /// <param name="repositoryRoot">The checked-out tree.</param>
    /// <param name="path">The application's path, already substituted (see <see cref="ClusterTemplate"/>).</param>
    /// <returns>The directories in ordinal order.</returns>
    /// <exception cref="RenderException">The path leaves the repository or does not exist; the message says which.</exception>
    public static IReadOnlyList<string> InputDirectories(string repositoryRoot, string path)
    {
        ArgumentNullException.ThrowIfNull(repositoryRoot);
        ArgumentNullException.ThrowIfNull(path);

        var realRoot = RepositoryPaths.RealRoot(repositoryRoot);
        var target = RepositoryPaths.Resolve(realRoot, NormalizePath(path));
        if (!Directory.Exists(target))
        {
            return [RepositoryPaths.Relative(realRoot, target)];
        }

        var (directories, _) = KustomizationReferences.Walk(realRoot, target);
        var relative = directories.Select(directory => RepositoryPaths.Relative(realRoot, directory))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

        // Ordinal order puts a directory before everything below it, so one pass drops the covered ones.
        var outermost = new List<string>();
        foreach (var directory in relative)
        {
            if (!outermost.Any(outer => outer == "." || directory.StartsWith(outer + "/", StringComparison.Ordinal)))
            {
                outermost.Add(directory);
            }
        }

        return outermost;
    }

    private async Task RenderKustomizationAsync(string repositoryRoot, string realRoot, string directory, string kustomizationFile,
        IReadOnlyList<string> remoteSources, RenderOutput output, CancellationToken cancellationToken)
    {
        var file = RepositoryPaths.Relative(realRoot, kustomizationFile);

        // Kustomize follows references anywhere on disk and over the network; a repository must not pull a silo's own
        // files, or another service's responses, into a render, except the remote bases its project allows.
        IReadOnlyList<RenderError> refusals;
        try
        {
            (_, refusals) = KustomizationReferences.Walk(realRoot, directory, remoteSources);
        }
        catch (RenderException exception)
        {
            refusals = [new RenderError(file, null, exception.Message)];
        }

        if (refusals.Count > 0)
        {
            output.Errors.AddRange(refusals);
            return;
        }

        string rendered;
        try
        {
            rendered = await kustomize.BuildAsync(directory, cancellationToken);
        }
        catch (RenderException exception)
        {
            // Kustomize names files by absolute path; the checkout's location means nothing to the person reading this.
            var message = WithoutCheckout(exception.Message, repositoryRoot, realRoot);
            output.Errors.Add(new RenderError(file, KustomizeMessages.KustomizationLine(message), message));
            return;
        }

        var substituted = output.Substitute(rendered, error => new RenderError(file, null, $"{error.Message} (line {error.Line} of the Kustomize output)"));
        if (substituted is not null)
        {
            output.AddManifests(substituted, file, isJson: false, linesAreInFile: false);
        }
    }

    private async Task RenderChartAsync(string repositoryRoot, string realRoot, string directory, ChartRelease release,
        RenderOutput output, CancellationToken cancellationToken)
    {
        var chartDirectory = RepositoryPaths.Relative(realRoot, directory);
        var chartFile = RepositoryPaths.Relative(realRoot, Path.Combine(directory, ChartRelease.ChartFile));
        IReadOnlyList<string> valueFiles;
        try
        {
            valueFiles = ChartValueFiles.Resolve(realRoot, chartDirectory, chartFile, release.ValueFiles, output);
        }
        catch (RenderException exception)
        {
            output.Errors.Add(new RenderError(chartFile, null, exception.Message));
            return;
        }

        var values = release.Values is null ? null
            : output.Substitute(release.Values, error => new RenderError(chartFile, null, $"in the application's helm.values: {error.Message}"));
        if (output.Errors.Count > 0)
        {
            return;
        }

        string rendered;
        try
        {
            rendered = await _helm.TemplateAsync(
                new HelmTemplateCall(release.Name, directory, release.Namespace, valueFiles, values, release.Capabilities), cancellationToken);
        }
        catch (RenderException exception)
        {
            output.Errors.Add(HelmMessages.Describe(WithoutCheckout(exception.Message, repositoryRoot, realRoot), chartDirectory, chartFile));
            return;
        }

        foreach (var (source, text) in HelmOutput.Split(rendered))
        {
            output.AddManifests(text, source is null ? chartFile : HelmMessages.InChart(chartDirectory, source), isJson: false, linesAreInFile: false, producer: "helm template");
        }
    }

    // Tools name files by absolute path; the checkout's location means nothing to the person reading the message.
    private static string WithoutCheckout(string message, string repositoryRoot, string realRoot) => message
        .Replace(realRoot + Path.DirectorySeparatorChar, "", StringComparison.Ordinal)
        .Replace(Path.GetFullPath(repositoryRoot).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);

    private static async Task RenderPlainAsync(string realRoot, string target, RenderOutput output, CancellationToken cancellationToken)
    {
        IReadOnlyList<ManifestFile> files;
        if (Directory.Exists(target))
        {
            files = ManifestFiles.List(realRoot, target, output.Errors);
        }
        else if (ManifestFiles.IsManifestFile(target))
        {
            files = [new ManifestFile(RepositoryPaths.Relative(realRoot, target), target)];
        }
        else
        {
            output.Errors.Add(new RenderError(RepositoryPaths.Relative(realRoot, target), null,
                "the application's path is a file that is not YAML or JSON; point it at a directory or a .yaml, .yml or .json file."));
            return;
        }

        foreach (var file in files)
        {
            if (output.LimitReached)
            {
                return;
            }

            // Checked before reading: a huge file must not be loaded only to be refused.
            if (new FileInfo(file.FullPath).Length > output.Limits.MaxExpandedBytesPerFile)
            {
                output.Refuse(file.RelativePath,
                    $"the file is larger than {RenderOutput.Size(output.Limits.MaxExpandedBytesPerFile)}, the limit per file; split it.");
                return;
            }

            var text = await File.ReadAllTextAsync(file.FullPath, cancellationToken);
            var substituted = output.Substitute(text, error => new RenderError(file.RelativePath, error.Line, error.Message));
            if (substituted is not null)
            {
                var isJson = file.RelativePath.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
                output.AddManifests(substituted, file.RelativePath, isJson, linesAreInFile: true);
            }
        }
    }

    // An empty path means the repository root, like ".".
    private static string NormalizePath(string path) => string.IsNullOrWhiteSpace(path) ? "." : path.Trim();
}
