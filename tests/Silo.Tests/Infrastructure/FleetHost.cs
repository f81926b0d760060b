using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Fleet.Simulator.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Fleet.Silo.Tests.Infrastructure;

/// <summary>
/// The real silo host (API + one Orleans silo, in-memory storage) on free ports, with a Kubernetes API simulator and
/// a local Git repository to point it at. One per test collection.
/// </summary>
public sealed class FleetHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    public SimulatorServer Simulator { get; private set; } = null!;

    /// <summary>A local Git repository (a plain path URL) with one application under app/.</summary>
    public string RepositoryPath { get; } = Directory.CreateTempSubdirectory("fleet-api-repo-").FullName;

    /// <summary>The simulator cluster standing in for the one the control plane runs in, whose Secrets documents reference.</summary>
    public const string ControlPlaneCluster = "fleet-control-plane";

    /// <summary>The control plane's namespace in <see cref="ControlPlaneCluster"/>.</summary>
    public const string ControlPlaneNamespace = "fleet-system";

    private readonly string _controlPlaneKubeconfig = Path.Combine(Directory.CreateTempSubdirectory("fleet-api-kubeconfig-").FullName, "config");

    public async Task InitializeAsync()
    {
        Simulator = await SimulatorServer.StartAsync(new SimulatorOptions());
        Simulator.AddCluster(ControlPlaneCluster);
        await File.WriteAllTextAsync(_controlPlaneKubeconfig, Simulator.Kubeconfig());
        using (var kubernetes = new HttpClient())
        {
            var body = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + ControlPlaneNamespace + "\"}}";
            (await kubernetes.PostAsync($"{Simulator.ClusterUrl(ControlPlaneCluster)}/api/v1/namespaces",
                new StringContent(body, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        }
        Directory.CreateDirectory(Path.Combine(RepositoryPath, "app"));
        await File.WriteAllTextAsync(Path.Combine(RepositoryPath, "app", "configmap.yaml"), """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              greeting: "hello {{cluster.name}}"
            """);
        Commit(RepositoryPath);
    }

    /// <summary>Another local repository, for a test that needs files the shared one must not have.</summary>
    public static string CreateRepository(IReadOnlyDictionary<string, string> files)
    {
        var path = Directory.CreateTempSubdirectory("fleet-api-repo-").FullName;
        foreach (var (name, text) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(path, name))!);
            File.WriteAllText(Path.Combine(path, name), text);
        }
        Commit(path);
        return path;
    }

    private static void Commit(string repository)
    {
        Git(repository, "init", "--quiet", "--initial-branch=main");
        Git(repository, "add", "--all");
        Git(repository, "commit", "--quiet", "--message", "initial");
    }

    /// <summary>The admin token the host is started with; clients from <c>CreateClient()</c> send it.</summary>
    public string AdminToken { get; } = "test-admin-" + Guid.NewGuid().ToString("N");

    /// <summary>A client that sends no credentials.</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    /// <summary>A client that sends <paramref name="token"/> as its bearer token.</summary>
    public HttpClient CreateClient(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
    }

    /// <summary>Settings a test adds before the host starts (its first client).</summary>
    public Dictionary<string, string> Settings { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting("FLEET_ADMIN_TOKEN", AdminToken);
        builder.UseSetting("Fleet:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Fleet:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Fleet:ProbeInterval", "00:00:01");
        builder.UseSetting("Fleet:ControlPlane:Kubeconfig", _controlPlaneKubeconfig);
        builder.UseSetting("Fleet:ControlPlane:Context", ControlPlaneCluster);
        builder.UseSetting("Fleet:ControlPlane:Namespace", ControlPlaneNamespace);
        // App of apps compare Git with what Fleet holds every second here, so that drift tests need no commit.
        builder.UseSetting("Fleet:ControlPlane:ResyncInterval", "00:00:01");
        builder.UseSetting("Fleet:GitCacheDirectory", Directory.CreateTempSubdirectory("fleet-api-git-").FullName);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Simulator.DisposeAsync();
    }

    private static void Git(string repository, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = repository, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["GIT_AUTHOR_NAME"] = info.Environment["GIT_COMMITTER_NAME"] = "Fleet Tests";
        info.Environment["GIT_AUTHOR_EMAIL"] = info.Environment["GIT_COMMITTER_EMAIL"] = "tests@fleet.invalid";
        using var process = Process.Start(info)!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {process.StandardError.ReadToEnd()}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class FleetHostCollection : ICollectionFixture<FleetHost>
{
    public const string Name = "fleet-host";
}
