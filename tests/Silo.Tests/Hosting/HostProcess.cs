using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Fleet.Silo.Tests.Hosting;

/// <summary>
/// A built host (the silo or the demo) started as its own process with the given command line, as a user starts it,
/// so that what the command line and the environment decide (where it listens, whether it starts) is tested for real.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Process _process;

    private HostProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The last lines the process wrote, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>
    /// Starts <paramref name="assembly"/> with <paramref name="arguments"/>, on free Orleans ports, with no URL in the
    /// environment (so only the command line can say where to listen) and <paramref name="environment"/> on top.
    /// </summary>
    public static HostProcess Start(string assembly, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS" })
        {
            info.Environment.Remove(inherited);
        }
        info.Environment["Fleet__SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Fleet__GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Fleet__GitCacheDirectory"] = Directory.CreateTempSubdirectory("fleet-host-git-").FullName;
        info.Environment["FLEET_ADMIN_TOKEN"] = "host-admin-" + Guid.NewGuid().ToString("N");
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {assembly}");
        var host = new HostProcess(process);
        process.OutputDataReceived += (_, e) => host.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits until <paramref name="url"/> answers 2xx and returns the body; fails when the process exits first.</summary>
    public async Task<string> WaitForAnswerAsync(Uri url, TimeSpan deadline)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the host exited with code {_process.ExitCode} before {url} answered:\n{Output}");
            }
            try
            {
                using var response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadAsStringAsync();
                }
            }
            catch (HttpRequestException)
            {
                // Not listening (yet, or there).
            }
            catch (TaskCanceledException)
            {
                // Listening but not answering yet.
            }
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"{url} did not answer within {deadline}:\n{Output}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the process has written a line containing <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (!_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"the host wrote no \"{text}\" within {deadline}:\n{Output}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Waits for the process to exit by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the host did not exit within {deadline}:\n{Output}");
        }
        // Let the output readers drain the last lines.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Sends the signal <paramref name="name"/> (INT, TERM) to the process, as a terminal or a supervisor does.</summary>
    public async Task SignalAsync(string name)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-s", name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })
            ?? throw new InvalidOperationException("kill did not start");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -s {name} {_process.Id} failed with {kill.ExitCode}");
        }
    }

    /// <summary>
    /// Whether the process ignores SIGINT: a process started from a shell's background job inherits that, and .NET
    /// keeps it, so a test run that way can only stop the host with SIGTERM, which the host treats the same way.
    /// </summary>
    public bool IgnoresInterrupt()
    {
        var status = Path.Combine("/proc", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "status");
        var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal)) : null;
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << (2 - 1))) != 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    /// <summary>A TCP port nobody listens on at the moment of asking.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        while (_output.Count > 400)
        {
            _output.TryDequeue(out _);
        }
    }
}

/// <summary>Finds a host's built assembly: the test project builds the hosts without referencing them.</summary>
public static class BuiltHost
{
    /// <summary>
    /// <paramref name="name"/>.dll in the artifacts layout (bin/NAME/CONFIGURATION, with FLEET_ARTIFACTS) or in the
    /// project layout (<paramref name="projectDirectory"/>/bin/CONFIGURATION/TFM), searched upwards from this test.
    /// </summary>
    public static string Locate(string name, string projectDirectory)
    {
        var configuration = typeof(BuiltHost).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var framework = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string[] candidates =
            [
                Path.Combine(directory.FullName, name, configuration.ToLowerInvariant(), name + ".dll"),
                Path.Combine(directory.FullName, projectDirectory, "bin", configuration, framework, name + ".dll"),
            ];
            if (candidates.FirstOrDefault(File.Exists) is { } found)
            {
                return found;
            }
        }
        throw new FileNotFoundException($"{name}.dll not found above {AppContext.BaseDirectory}; build {projectDirectory}");
    }
}
