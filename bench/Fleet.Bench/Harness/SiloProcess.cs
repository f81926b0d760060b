using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Fleet.Bench.Harness;

/// <summary>
/// The control plane under test: the real silo host (Fleet.Silo.dll) in its own process, so that its CPU time and
/// memory are measured apart from the simulator and the driver, which share this process.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _gitCache;
    private TextWriter? _output;

    private SiloProcess(Process process, Uri baseAddress, string gitCache)
    {
        _process = process;
        BaseAddress = baseAddress;
        _gitCache = gitCache;
    }

    /// <summary>The API's base address.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The admin token the silo was started with.</summary>
    public static string AdminToken { get; } = "bench-" + Guid.NewGuid().ToString("N");

    /// <summary>CPU time the silo process has used so far (user + system).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Starts the silo with <paramref name="settings"/> (configuration keys, ":" separated) and waits for /healthz.</summary>
    public static async Task<SiloProcess> StartAsync(IReadOnlyDictionary<string, string> settings, TextWriter log)
    {
        var dll = LocateSilo();
        var port = FreePort();
        var gitCache = Directory.CreateTempSubdirectory("fleet-bench-git-").FullName;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["FLEET_ADMIN_TOKEN"] = AdminToken;
        info.Environment["Fleet__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
        info.Environment["Fleet__GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
        info.Environment["Fleet__GitCacheDirectory"] = gitCache;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the silo process");
        // Drain the pipes so the child never blocks on a full buffer; keep warnings visible.
        // The whole output goes to a file (warnings and errors span several lines); the log gets a pointer to it.
        var outputPath = Path.Combine(Path.GetTempPath(), $"fleet-bench-silo-{process.Id}.log");
        var output = TextWriter.Synchronized(new StreamWriter(outputPath) { AutoFlush = true });
        log.WriteLine($"silo output: {outputPath}");
        process.OutputDataReceived += (_, e) => Forward(output, e.Data);
        process.ErrorDataReceived += (_, e) => Forward(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var silo = new SiloProcess(process, new Uri($"http://127.0.0.1:{port}"), gitCache) { _output = output };
        await silo.WaitHealthyAsync(TimeSpan.FromSeconds(60));
        return silo;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _output?.Dispose();
        try
        {
            Directory.Delete(_gitCache, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the silo exited with code {_process.ExitCode} before it was healthy");
            }
            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"the silo was not healthy within {timeout}");
    }

    private static void Forward(TextWriter output, string? line)
    {
        if (line is not null)
        {
            output.WriteLine(line);
        }
    }

    // The bench builds the silo through a project reference that does not load it; find its output next to ours
    // (artifacts layout: bin/Fleet.Bench/release -> bin/Fleet.Silo/release) or in the classic layout.
    private static string LocateSilo()
    {
        var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var configuration = Path.GetFileName(here);
        var candidates = new List<string>
        {
            Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(here)!)!, "Fleet.Silo", configuration, "Fleet.Silo.dll"),
        };
        var root = new DirectoryInfo(here);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Fleet.sln")))
        {
            root = root.Parent;
        }
        if (root is not null)
        {
            candidates.Add(Path.Combine(root.FullName, "src", "Silo", "bin", "Release", "net10.0", "Fleet.Silo.dll"));
            candidates.Add(Path.Combine(root.FullName, "src", "Silo", "bin", "Debug", "net10.0", "Fleet.Silo.dll"));
        }
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("Fleet.Silo.dll not found; build the solution first. Looked in: " + string.Join(", ", candidates));
    }

    /// <summary>A free loopback port.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
