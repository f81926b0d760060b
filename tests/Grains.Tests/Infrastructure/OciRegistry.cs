using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Fleet.Grains.Tests.Infrastructure;

/// <summary>
/// A real OCI registry on loopback: Debian's <c>docker-registry serve CONFIG</c> with storage in a private folder.
/// Charts are pushed with the real <c>helm push … --plain-http</c>. Dispose stops it and deletes the folder.
/// </summary>
public sealed class OciRegistry : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(15);
    private readonly Process _process;
    private readonly string _directory;

    private OciRegistry(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The registry's chart folder as Fleet and helm name it: <c>oci://127.0.0.1:PORT/charts</c>.</summary>
    public string Url => $"oci://127.0.0.1:{Port}/charts";

    public static bool Available => File.Exists("/usr/bin/docker-registry") || (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(':').Any(p => File.Exists(Path.Combine(p, "docker-registry")));

    public static async Task<OciRegistry> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "fleet-registry-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(directory, "storage"));
        var port = FreePort();
        var config = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: error
            storage:
              filesystem:
                rootdirectory: {Path.Combine(directory, "storage")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{port}
            """);
        var start = new ProcessStartInfo("docker-registry") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        var process = Process.Start(start)!;
        // Drained so the registry never blocks on a full pipe.
        _ = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        var registry = new OciRegistry(process, directory, port);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartDeadline;
        while (true)
        {
            try
            {
                using var answer = await http.GetAsync($"http://127.0.0.1:{port}/v2/");
                if (answer.IsSuccessStatusCode)
                {
                    return registry;
                }
            }
            catch (HttpRequestException)
            {
            }
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await registry.DisposeAsync();
                throw new InvalidOperationException($"docker-registry did not start on port {port}: {(process.HasExited ? await errors : "no answer")}");
            }
            await Task.Delay(50);
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
