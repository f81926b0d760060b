using System.Diagnostics;

namespace Fleet.Grains.Rendering;

/// <summary>
/// Runs <c>kustomize build DIR</c> when <c>kustomize</c> is on the search path, else <c>kubectl kustomize DIR</c>
/// (kubectl embeds Kustomize), with a clean environment (<see cref="KustomizeProcess"/>). Kustomize's error output becomes
/// the message of a <see cref="RenderException"/>; a render that outlives the timeout or prints more than the output cap
/// is killed.
/// </summary>
public sealed class KustomizeRunner : IKustomizeRunner
{
    // Kustomize's error is one sentence; anything longer than this is noise that would only fill memory.
    private const int MaxErrorChars = 64 * 1024;

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
        var home = Directory.CreateTempSubdirectory("fleet-kustomize-home-").FullName;
        try
        {
            return await RunAsync(KustomizeProcess.StartInfo(program, arguments, directory, path, home), cancellationToken);
        }
        finally
        {
            DeleteQuietly(home);
        }
    }

    private async Task<string> RunAsync(ProcessStartInfo startInfo, CancellationToken cancellationToken)
    {
        var command = $"{Path.GetFileName(startInfo.FileName)} {string.Join(' ', startInfo.ArgumentList)}";
        using var process = Process.Start(startInfo) ?? throw new RenderException($"could not start {command}.");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Timeout);

        // Both streams are drained at once: a process blocked on a full stderr pipe would never finish its stdout.
        var output = new CappedText(_options.MaxOutputChars, drainBeyondCap: false);
        var error = new CappedText(MaxErrorChars, drainBeyondCap: true);
        var outputRead = output.ReadAsync(process.StandardOutput, deadline.Token);
        var errorRead = error.ReadAsync(process.StandardError, deadline.Token);
        try
        {
            if (!await outputRead)
            {
                Kill(process);
                throw new RenderException($"{command} printed more than {_options.MaxOutputChars / (1024 * 1024)} MiB; Fleet refuses renders that large, split the application.");
            }

            await process.WaitForExitAsync(deadline.Token);
            await errorRead;
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new RenderException($"{command} did not finish within {_options.Timeout.TotalSeconds:0} s; simplify the kustomization.");
        }

        if (process.ExitCode != 0)
        {
            var message = KustomizeMessages.Clean(error.Text);
            throw new RenderException(message.Length > 0
                ? $"kustomize failed: {message}"
                : $"{command} failed with exit code {process.ExitCode} and printed no error.");
        }

        return output.Text;
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

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover empty temporary directory is harmless; the render's outcome matters more.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
