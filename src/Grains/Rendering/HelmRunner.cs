namespace Fleet.Grains.Rendering;

/// <summary>
/// Runs <c>helm template</c> with a clean environment: only <c>PATH</c>, and a private, empty home, temporary, cache,
/// configuration and data directory (so no plugin, repository list or registry login of the silo is used), deleted
/// afterwards. CRDs of the chart's <c>crds/</c> are included, test hooks left out; nothing reaches the network
/// (dependencies must be vendored in <c>charts/</c>). A run that outlives the timeout or prints more than the output cap
/// is killed.
/// </summary>
public sealed class HelmRunner
{
    private readonly HelmRunnerOptions _options;
    private long _runs;

    /// <summary>Creates a runner; without options it searches the process's PATH and allows 60 seconds per render.</summary>
    public HelmRunner(HelmRunnerOptions? options = null)
    {
        _options = options ?? new HelmRunnerOptions();
    }

    /// <summary>How many times helm was started: renders shared through the cache do not count (tests and benchmarks read it).</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>Renders a chart to multi-document YAML, each document after helm's <c># Source:</c> comment.</summary>
    /// <param name="call">What to render.</param>
    /// <param name="cancellationToken">Stops the render (the process is killed).</param>
    /// <exception cref="RenderException">helm is missing, failed (the message carries its error, without noise) or timed out.</exception>
    public async Task<string> TemplateAsync(HelmTemplateCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var helm = ExecutableSearch.Find("helm", _options.SearchPath ?? path)
            ?? throw new RenderException("rendering a Helm chart needs helm (3.x) on PATH; install it where the Fleet silo runs.");
        var home = RenderProcess.PrivateDirectory("fleet-helm-home-");
        try
        {
            var arguments = Arguments(call, home);
            Interlocked.Increment(ref _runs);
            return await RenderProcess.RunAsync(RenderProcess.StartInfo(helm, arguments, call.ChartDirectory, Variables(path, home)),
                _options.Timeout, _options.MaxOutputChars, "simplify the chart.",
                (error, exitCode) => Failure(error, exitCode).Replace(InlineValuesFile(home), "the application's helm.values", StringComparison.Ordinal),
                cancellationToken);
        }
        finally
        {
            RenderProcess.DeleteQuietly(home);
        }
    }

    /// <summary>The environment helm gets: PATH, and every directory helm or Go reads set to the private <paramref name="home"/>.</summary>
    internal static IReadOnlyDictionary<string, string> Variables(string searchPath, string home) => new Dictionary<string, string>
    {
        ["PATH"] = searchPath,
        ["HOME"] = home,
        ["TMPDIR"] = home,
        ["XDG_CACHE_HOME"] = Path.Combine(home, "cache"),
        ["XDG_CONFIG_HOME"] = Path.Combine(home, "config"),
        ["XDG_DATA_HOME"] = Path.Combine(home, "data"),
        ["HELM_CACHE_HOME"] = Path.Combine(home, "cache", "helm"),
        ["HELM_CONFIG_HOME"] = Path.Combine(home, "config", "helm"),
        ["HELM_DATA_HOME"] = Path.Combine(home, "data", "helm"),
    };

    /// <summary>The arguments of <c>helm template</c>; inline values are written to a file in <paramref name="home"/>.</summary>
    internal static List<string> Arguments(HelmTemplateCall call, string home)
    {
        List<string> arguments = ["template", call.ReleaseName, call.ChartDirectory, "--namespace", call.Namespace, "--include-crds", "--skip-tests"];
        if (call.Capabilities is { } capabilities)
        {
            arguments.AddRange(["--kube-version", capabilities.KubeVersion]);
            foreach (var apiVersion in capabilities.ApiVersions)
            {
                arguments.AddRange(["--api-versions", apiVersion]);
            }
        }

        foreach (var file in call.ValueFiles)
        {
            arguments.AddRange(["--values", file]);
        }

        if (call.InlineValues is { } inline)
        {
            // JSON is YAML: helm reads the object as a values file, applied last.
            var file = InlineValuesFile(home);
            File.WriteAllText(file, inline);
            arguments.AddRange(["--values", file]);
        }

        return arguments;
    }

    private static string InlineValuesFile(string home) => Path.Combine(home, "inline-values.json");

    private static string Failure(string standardError, int exitCode)
    {
        var message = HelmMessages.Clean(standardError);
        return message.Length > 0 ? message : $"helm template failed with exit code {exitCode} and printed no error.";
    }
}
