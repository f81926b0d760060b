using System.Diagnostics;
using System.Text;

namespace Fleet.Simulator.Tests.Infrastructure;

/// <summary>The result of one kubectl run.</summary>
public sealed record KubectlResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>
/// Runs the real kubectl against one virtual cluster (<c>--server</c> with the cluster's path prefix), with a fresh
/// discovery cache so that tests never see each other's types.
/// </summary>
public sealed class Kubectl : IDisposable
{
    private readonly string _server;
    private readonly string _cacheDir = Directory.CreateTempSubdirectory("kubectl-cache-").FullName;
    private readonly string _workDir = Directory.CreateTempSubdirectory("kubectl-work-").FullName;

    public Kubectl(string server) => _server = server;

    /// <summary>Writes a manifest file for <c>-f</c>.</summary>
    public string File(string name, string content)
    {
        var path = Path.Combine(_workDir, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public Task<KubectlResult> RunAsync(params string[] args) => RunAsync(TimeSpan.FromSeconds(60), args);

    public async Task<KubectlResult> RunAsync(TimeSpan timeout, params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts a long-running kubectl (such as <c>get -w</c>) whose output lines the test reads.</summary>
    public Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            WorkingDirectory = _workDir,
        };
        foreach (var arg in new[] { "--server", _server, "--cache-dir", _cacheDir, "--request-timeout", "30s" }.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }
        // No kubeconfig from the machine: only --server counts.
        info.Environment["KUBECONFIG"] = Path.Combine(_workDir, "no-kubeconfig");
        return Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_cacheDir, recursive: true);
            Directory.Delete(_workDir, recursive: true);
        }
        catch (IOException)
        {
            // a temp folder left behind is harmless
        }
    }
}
