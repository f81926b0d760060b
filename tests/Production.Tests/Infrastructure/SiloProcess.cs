using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace Fleet.Production.Tests.Infrastructure;

/// <summary>
/// One Fleet silo (API + Orleans) as its own operating-system process, running the built <c>Fleet.Silo.dll</c> with
/// configuration in environment variables. It can be killed hard, stopped gracefully (SIGTERM) and started again with
/// the same ports and settings.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public SiloProcess(string name, IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        // No gateway port: a silo has none unless its settings ask for one (environment may set Fleet__GatewayPort).
        _environment = new Dictionary<string, string>(environment);
        ChoosePorts();
        NewGitCache();
    }

    public string Name { get; }

    public int HttpPort { get; private set; }

    /// <summary>The silo-to-silo port.</summary>
    public int SiloPort { get; private set; }

    /// <summary>The operating-system process id while it runs.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException($"silo {Name} is not started");

    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}/");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The last lines the process wrote, for failure messages.</summary>
    public string Output => string.Join('\n', _output.TakeLast(60));

    /// <summary>Points the silo at a new, empty Git cache folder (takes effect at the next start).</summary>
    public void NewGitCache() => _environment["Fleet__GitCacheDirectory"] = Directory.CreateTempSubdirectory("fleet-prod-git-").FullName;

    // A port found free may be taken by another process (an outgoing connection's ephemeral port) before the silo
    // binds it; WaitReadyAsync then chooses others and starts again.
    private void ChoosePorts()
    {
        HttpPort = Ports.Free();
        SiloPort = Ports.Free();
        _environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{HttpPort}";
        _environment["Fleet__SiloPort"] = SiloPort.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Starts the process (without waiting for it to be ready).</summary>
    public void Start()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(SiloAssembly.Path);
        foreach (var (key, value) in _environment)
        {
            info.Environment[key] = value;
        }
        _output.Clear();
        _process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        // FLEET_TEST_LOGS=DIR keeps every silo's whole output for debugging.
        if (Environment.GetEnvironmentVariable("FLEET_TEST_LOGS") is { Length: > 0 } logs)
        {
            lock (_output)
            {
                File.AppendAllText(System.IO.Path.Combine(logs, $"{Name}-{HttpPort}.log"), line + "\n");
            }
        }
        while (_output.Count > 400)
        {
            _output.TryDequeue(out _);
        }
    }

    /// <summary>A client that sends the admin token.</summary>
    public HttpClient CreateClient(string adminToken, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        return client;
    }

    /// <summary>Waits until the silo serves HTTP and answers a call that reaches a grain.</summary>
    public async Task WaitReadyAsync(string adminToken, TimeSpan deadline)
    {
        using var client = CreateClient(adminToken, TimeSpan.FromSeconds(10));
        var until = DateTime.UtcNow + deadline;
        var portTaken = 0;
        while (true)
        {
            if (_process is not null && _process.HasExited && portTaken < 2 && Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                portTaken++;
                _process.WaitForExit();
                ChoosePorts();
                Start();
                continue;
            }
            if (_process is null || _process.HasExited)
            {
                throw new InvalidOperationException($"silo {Name} exited at start (code {_process?.ExitCode}):\n{Output}");
            }
            try
            {
                // Absolute: the ports may change while waiting (above).
                using var response = await client.GetAsync(new Uri(BaseAddress, "api/v1/clusters"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"silo {Name} was not ready within {deadline}:\n{Output}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Kills the process at once, as a crash or an OOM kill would.</summary>
    public async Task KillAsync()
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
    }

    /// <summary>Sends SIGTERM (what Kubernetes sends) and waits for the process to exit.</summary>
    public async Task StopGracefullyAsync(TimeSpan deadline)
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(deadline);
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Waits for the process to exit by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        await _process!.WaitForExitAsync(timeout.Token);
        // Let the output readers drain the last lines.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }
}

/// <summary>Finds the built Fleet.Silo.dll (the test project builds it without referencing it).</summary>
public static class SiloAssembly
{
    private static readonly Lazy<string> Located = new(Locate);

    public static string Path => Located.Value;

    private static string Locate()
    {
        var here = AppContext.BaseDirectory;
        var candidates = new List<string>();
        // Artifacts layout (FLEET_ARTIFACTS): .../bin/Fleet.Production.Tests/release/ -> .../bin/Fleet.Silo/release/
        var marker = $"{System.IO.Path.DirectorySeparatorChar}Fleet.Production.Tests{System.IO.Path.DirectorySeparatorChar}";
        if (here.Contains(marker, StringComparison.Ordinal))
        {
            candidates.Add(System.IO.Path.Combine(here.Replace(marker, $"{System.IO.Path.DirectorySeparatorChar}Fleet.Silo{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal), "Fleet.Silo.dll"));
        }
        // Classic layout: tests/Production.Tests/bin/Release/net10.0/ -> src/Silo/bin/Release/net10.0/
        var directory = new DirectoryInfo(here);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Fleet.sln")))
        {
            directory = directory.Parent;
        }
        if (directory is not null)
        {
            var tail = System.IO.Path.GetRelativePath(System.IO.Path.Combine(directory.FullName, "tests", "Production.Tests"), here);
            candidates.Add(System.IO.Path.Combine(directory.FullName, "src", "Silo", tail, "Fleet.Silo.dll"));
        }
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("Fleet.Silo.dll was not found; build tests/Production.Tests first. Looked at: " + string.Join(", ", candidates));
    }
}
