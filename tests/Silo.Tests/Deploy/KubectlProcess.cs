using System.Diagnostics;
using System.Text;

namespace Fleet.Silo.Tests.Deploy;

/// <summary>The result of one kubectl run.</summary>
public sealed record KubectlOutput(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>
/// Runs the real kubectl with a kubeconfig written for one simulator cluster and a fresh discovery cache, so that
/// nothing from the machine (its kubeconfig, its cache) takes part and parallel tests never share a cache.
/// </summary>
public sealed class KubectlProcess : IDisposable
{
    private readonly string _workDir = Directory.CreateTempSubdirectory("fleet-deploy-test-").FullName;
    private readonly string _kubeconfig;
    private readonly string _cacheDir;

    /// <summary>Prepares a kubeconfig with the given content in a private folder.</summary>
    public KubectlProcess(string kubeconfig)
    {
        _kubeconfig = Path.Combine(_workDir, "kubeconfig");
        _cacheDir = Path.Combine(_workDir, "cache");
        File.WriteAllText(_kubeconfig, kubeconfig);
    }

    /// <summary>Writes a file into the private folder and returns its path (for <c>-f</c>).</summary>
    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(_workDir, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Runs kubectl with the arguments; kills it if it outlives 60 seconds.</summary>
    public async Task<KubectlOutput> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            WorkingDirectory = _workDir,
        };
        foreach (var arg in new[] { "--kubeconfig", _kubeconfig, "--cache-dir", _cacheDir, "--request-timeout", "30s" }.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["KUBECONFIG"] = _kubeconfig;

        using var process = Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        return new KubectlOutput(process.ExitCode, await stdout, await stderr);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_workDir, recursive: true);
        }
        catch (IOException)
        {
            // a temp folder left behind is harmless
        }
    }
}
