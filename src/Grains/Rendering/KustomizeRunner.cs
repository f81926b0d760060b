using System.Diagnostics;

namespace Fleet.Grains.Rendering;

/// <summary>
/// Runs <c>kustomize build DIR</c> when <c>kustomize</c> is on the search path, else <c>kubectl kustomize DIR</c>
/// (kubectl embeds Kustomize). Kustomize's error output becomes the message of a <see cref="RenderException"/>; a render
/// that outlives the timeout is killed.
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
        var (program, arguments) = FindProgram(directory);
        var startInfo = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var command = $"{Path.GetFileName(program)} {string.Join(' ', arguments)}";
        using var process = Process.Start(startInfo) ?? throw new RenderException($"could not start {command}.");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Timeout);

        // Both streams are drained at once: a process blocked on a full stderr pipe would never finish its stdout.
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var error = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            await Task.WhenAll(output, error);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new RenderException($"{command} did not finish within {_options.Timeout.TotalSeconds:0} s; check for remote bases that cannot be fetched.");
        }

        if (process.ExitCode != 0)
        {
            var message = KustomizeMessages.Clean(await error);
            throw new RenderException(message.Length > 0
                ? $"kustomize failed: {message}"
                : $"{command} failed with exit code {process.ExitCode} and printed no error.");
        }

        return await output;
    }

    private (string Program, string[] Arguments) FindProgram(string directory)
    {
        var searchPath = _options.SearchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "";
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

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the deadline and the kill: nothing left to stop.
        }
    }
}
