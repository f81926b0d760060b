namespace Fleet.Grains.Rendering;

/// <summary>
/// Runs <c>kustomize build DIR</c> when <c>kustomize</c> is on the search path, else <c>kubectl kustomize DIR</c>
/// (kubectl embeds Kustomize), with a clean environment (<see cref="KustomizeProcess"/>). Kustomize's error output becomes
/// the message of a <see cref="RenderException"/>; a render that outlives the timeout or prints more than the output cap
/// is killed.
/// </summary>
public sealed class KustomizeRunner : IKustomizeRunner
{
    private readonly KustomizeRunnerOptions _options;

    /// <summary>Creates a runner; without options it searches the process's PATH and allows 60 seconds per render.</summary>
    public KustomizeRunner(KustomizeRunnerOptions? options = null)
    {
        _options = options ?? new KustomizeRunnerOptions();
    }

    /// <inheritdoc />
    public async Task<string> BuildAsync(string directory, CancellationToken cancellationToken)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var (program, arguments) = FindProgram(directory, _options.SearchPath ?? path);
        var home = RenderProcess.PrivateDirectory("fleet-kustomize-home-");
        try
        {
            return await RenderProcess.RunAsync(KustomizeProcess.StartInfo(program, arguments, directory, path, home),
                _options.Timeout, _options.MaxOutputChars, "simplify the kustomization.", Failure, cancellationToken);
        }
        finally
        {
            RenderProcess.DeleteQuietly(home);
        }
    }

    private static string Failure(string standardError, int exitCode)
    {
        var message = KustomizeMessages.Clean(standardError);
        return message.Length > 0 ? $"kustomize failed: {message}" : $"kustomize failed with exit code {exitCode} and printed no error.";
    }

    private static (string Program, string[] Arguments) FindProgram(string directory, string searchPath)
    {
        if (ExecutableSearch.Find("kustomize", searchPath) is { } kustomize)
        {
            return (kustomize, ["build", directory]);
        }

        if (ExecutableSearch.Find("kubectl", searchPath) is { } kubectl)
        {
            return (kubectl, ["kustomize", directory]);
        }

        throw new RenderException("rendering a Kustomize directory needs kubectl or kustomize on PATH; install one of them where the Fleet silo runs.");
    }
}
