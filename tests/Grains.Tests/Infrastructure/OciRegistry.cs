using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Fleet.Grains.Tests.Infrastructure;

/// <summary>
/// A real OCI registry for tests: Debian's <c>docker-registry</c> (the CNCF distribution registry) on a free loopback
/// port with its storage in a private temporary folder. Images are real: one small OCI layout made with <c>umoci</c>,
/// pushed under any name and tag with <c>skopeo</c>; charts are pushed to <see cref="ChartsUrl"/> with the real
/// <c>helm push … --plain-http</c>. Share one per test class; dispose to stop it and delete its files.
/// </summary>
public sealed class OciRegistry : IAsyncLifetime
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(15);

    private readonly string _root = TestDirectories.Create("fleet-oci-registry");
    private Process? _process;

    /// <summary>The loopback port; it stays the same across <see cref="StopAsync"/> and <see cref="StartAsync"/>.</summary>
    public int Port { get; } = FreeLoopbackPort();

    /// <summary><c>127.0.0.1:PORT</c>, the registry part of image names.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary>The registry's chart folder as Fleet and helm name it: <c>oci://127.0.0.1:PORT/charts</c>.</summary>
    public string ChartsUrl => $"oci://{Host}/charts";

    private string Layout => Path.Combine(_root, "layout");

    private string Config => Path.Combine(_root, "config.yml");

    /// <summary>Starts the registry with the test image made (for image automation tests).</summary>
    public async Task InitializeAsync()
    {
        await RunAsync("umoci", "init", "--layout", Layout);
        await RunAsync("umoci", "new", "--image", Layout + ":base");
        await StartAsync();
    }

    private Task WriteConfigAsync() => File.WriteAllTextAsync(Config, $"""
            version: 0.1
            log:
              level: error
            storage:
              filesystem:
                rootdirectory: {Path.Combine(_root, "data")}
            http:
              addr: 127.0.0.1:{Port}
            """);

    /// <summary>Pushes the test image as <paramref name="repository"/>:<paramref name="tag"/> (for example team/web:1.0.0).</summary>
    public Task PushAsync(string repository, string tag) =>
        RunAsync("skopeo", "copy", "--quiet", "--insecure-policy", "--dest-tls-verify=false", $"oci:{Layout}:base", $"docker://{Host}/{repository}:{tag}");

    /// <summary>Starts the registry (a no-op while it runs) and waits until it answers.</summary>
    public async Task StartAsync()
    {
        if (_process is { HasExited: false })
        {
            return;
        }
        if (!File.Exists(Config))
        {
            await WriteConfigAsync();
        }
        var start = new ProcessStartInfo("docker-registry") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(Config);
        _process = Process.Start(start) ?? throw new InvalidOperationException("docker-registry did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + StartDeadline;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited at start (port {Port}); is it installed (apt-get install docker-registry)?");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
    }

    /// <summary>Stops the registry: connections to <see cref="Port"/> are refused until <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        TestDirectories.DeleteQuietly(_root);
    }

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {(await error).Trim()}");
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
