using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Fleet.Simulator.Hosting;

namespace Fleet.Cli.Tests.Infrastructure;

/// <summary>
/// The real Fleet silo started as its own process (the built Fleet.Silo.dll) on free ports with an admin token, a
/// Kubernetes API simulator in this process and a local Git repository. One per test collection.
/// </summary>
public sealed class SiloProcess : IAsyncLifetime
{
    private readonly StringBuilder _log = new();
    private Process? _process;

    /// <summary>The admin token the silo accepts.</summary>
    public string AdminToken { get; } = "cli-admin-" + Guid.NewGuid().ToString("N");

    /// <summary>The API's URL, such as http://127.0.0.1:PORT.</summary>
    public string Server { get; private set; } = "";

    public SimulatorServer Simulator { get; private set; } = null!;

    /// <summary>
    /// A local Git repository (a plain path URL): app/ holds a ConfigMap, broken/ a Deployment that never becomes ready,
    /// invalid/ a manifest that does not parse.
    /// </summary>
    public GitRepository Repository { get; } = new();

    /// <summary>An environment variable of the silo process that secret references may name.</summary>
    public const string SecretVariable = "FLEET_SECRET_CLI_TEST";

    public async Task InitializeAsync()
    {
        Simulator = await SimulatorServer.StartAsync(new SimulatorOptions());
        Repository.Write("app/configmap.yaml", ConfigMap("hello"));
        Repository.Write("broken/deployment.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: broken
            spec:
              replicas: 1
              progressDeadlineSeconds: 1
              selector:
                matchLabels: {app: broken}
              template:
                metadata:
                  labels: {app: broken}
                spec:
                  containers:
                  - name: web
                    image: nginx:unpullable
            """);
        // invalid/ never renders: diff and wait must say so instead of "in sync" or waiting out their timeout.
        Repository.Write("invalid/configmap.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: invalid
            data: {greeting: [unclosed
            """);
        Repository.Commit("initial");

        var port = FreePort();
        Server = $"http://127.0.0.1:{port}";
        var dll = LocateSilo();
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.Environment["FLEET_ADMIN_TOKEN"] = AdminToken;
        info.Environment["ASPNETCORE_URLS"] = Server;
        info.Environment["Fleet__SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Fleet__GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Fleet__GitCacheDirectory"] = Directory.CreateTempSubdirectory("fleet-cli-git-").FullName;
        info.Environment["Fleet__ProbeInterval"] = "00:00:01";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        // What documents' secret references (urlFrom: {env: ...}) read in the CLI tests.
        info.Environment[SecretVariable] = "http://127.0.0.1:1/hooks/fleet";
        _process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {dll}");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitForHealthAsync();
    }

    /// <summary>A ConfigMap named settings with one greeting.</summary>
    public static string ConfigMap(string greeting) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          greeting: "{greeting} {"{{"}cluster.name{"}}"}"
        """;

    /// <summary>What the silo wrote so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        await Simulator.DisposeAsync();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            // Bounded: only the start (startup failures) and enough to diagnose a test.
            if (_log.Length < 200_000)
            {
                _log.AppendLine(line);
            }
        }
    }

    private async Task WaitForHealthAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"the silo exited with code {_process.ExitCode}:\n{Log}");
            }
            try
            {
                using var response = await http.GetAsync($"{Server}/healthz");
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
                // Listening but not answering yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"the silo did not answer /healthz within 60 s:\n{Log}");
    }

    /// <summary>
    /// The built Fleet.Silo.dll: FLEET_SILO_DLL, else next to this test's output in the artifacts layout
    /// (bin/Fleet.Silo/release), else the project layout (src/Silo/bin/Release/net10.0).
    /// </summary>
    private static string LocateSilo()
    {
        if (Environment.GetEnvironmentVariable("FLEET_SILO_DLL") is { Length: > 0 } explicitPath)
        {
            return explicitPath;
        }
        var configuration = typeof(SiloProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var framework = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string[] candidates =
            [
                Path.Combine(directory.FullName, "Fleet.Silo", configuration.ToLowerInvariant(), "Fleet.Silo.dll"),
                Path.Combine(directory.FullName, "src", "Silo", "bin", configuration, framework, "Fleet.Silo.dll"),
            ];
            if (candidates.FirstOrDefault(File.Exists) is { } found)
            {
                return found;
            }
        }
        throw new FileNotFoundException($"Fleet.Silo.dll not found above {AppContext.BaseDirectory}; build src/Silo or set FLEET_SILO_DLL");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class SiloProcessCollection : ICollectionFixture<SiloProcess>
{
    public const string Name = "silo-process";
}
