using System.Diagnostics;

namespace Fleet.Grains.Rendering;

/// <summary>
/// Runs a rendering tool (kustomize, kubectl, helm) on input written by any Git author: both streams drained at once,
/// the output capped, the process killed when it passes the cap, outlives its timeout or the caller cancels.
/// </summary>
internal static class RenderProcess
{
    // A tool's error is a sentence or a few; anything longer than this is noise that would only fill memory.
    private const int MaxErrorChars = 64 * 1024;

    /// <summary>
    /// A start description that inherits nothing from the silo: no tokens, passwords, <c>KUBECONFIG</c> or
    /// <c>SSH_AUTH_SOCK</c>, only the variables given.
    /// </summary>
    /// <param name="program">The full path of the tool.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="workingDirectory">The directory it runs in.</param>
    /// <param name="environment">Every variable the process gets.</param>
    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string> environment)
    {
        var startInfo = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        return startInfo;
    }

    /// <summary>Runs the process and returns its standard output.</summary>
    /// <param name="startInfo">What to run (see <see cref="StartInfo"/>).</param>
    /// <param name="timeout">How long it may run before it is killed.</param>
    /// <param name="maxOutputChars">The most output read before it is killed and the render refused.</param>
    /// <param name="timeoutAdvice">What to do when it times out, ending the message.</param>
    /// <param name="failure">The message for a non-zero exit, from its standard error and exit code.</param>
    /// <param name="cancellationToken">Stops the run (the process is killed).</param>
    /// <exception cref="RenderException">It could not start, failed, printed too much or timed out.</exception>
    public static async Task<string> RunAsync(ProcessStartInfo startInfo, TimeSpan timeout, int maxOutputChars, string timeoutAdvice,
        Func<string, int, string> failure, CancellationToken cancellationToken)
    {
        var command = $"{Path.GetFileName(startInfo.FileName)} {string.Join(' ', startInfo.ArgumentList.Take(2))}";
        using var process = Process.Start(startInfo) ?? throw new RenderException($"could not start {command}.");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);

        // Both streams are drained at once: a process blocked on a full stderr pipe would never finish its stdout.
        var output = new CappedText(maxOutputChars, drainBeyondCap: false);
        var error = new CappedText(MaxErrorChars, drainBeyondCap: true);
        var outputRead = output.ReadAsync(process.StandardOutput, deadline.Token);
        var errorRead = error.ReadAsync(process.StandardError, deadline.Token);
        try
        {
            if (!await outputRead)
            {
                Kill(process);
                throw new RenderException($"{command} printed more than {maxOutputChars / (1024 * 1024)} MiB; Fleet refuses renders that large, split the application.");
            }

            await process.WaitForExitAsync(deadline.Token);
            await errorRead;
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new RenderException($"{command} did not finish within {timeout.TotalSeconds:0} s; {timeoutAdvice}");
        }

        return process.ExitCode == 0 ? output.Text : throw new RenderException(failure(error.Text, process.ExitCode));
    }

    /// <summary>A private, empty directory for the tool's home and caches; delete it with <see cref="DeleteQuietly"/>.</summary>
    public static string PrivateDirectory(string prefix) => Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>Deletes a directory, ignoring failures: a leftover temporary directory is harmless, the render's outcome matters more.</summary>
    public static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left behind; see above.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
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
