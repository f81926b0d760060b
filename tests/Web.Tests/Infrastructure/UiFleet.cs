using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Fleet.Simulator.Hosting;
using Fleet.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace Fleet.Web.Tests.Infrastructure;

/// <summary>
/// The real silo (API, UI and one Orleans silo with in-memory storage) listening on a real loopback port, a
/// Kubernetes API simulator with two clusters for applications and a spare one, a local Git repository, and one
/// headless chromium (Debian's, through its path: no browser is downloaded). One per test collection; each test
/// opens its own browser context and registers its own applications.
/// </summary>
public sealed class UiFleet : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>How long any expectation waits before it fails.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);

    private static readonly HttpClient Kubernetes = new() { Timeout = TimeSpan.FromSeconds(10) };

    private readonly int _port = FreePort();
    private IPlaywright? _playwright;

    public SimulatorServer Simulator { get; private set; } = null!;

    /// <summary>The OIDC provider the silo is configured with (groups fleet-viewers, fleet-ops and fleet-admins map to roles).</summary>
    public TestOidcIssuer Provider { get; private set; } = null!;

    /// <summary>The UI's client id at <see cref="Provider"/>.</summary>
    public const string ClientId = "fleet-ui";

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the UI listens.</summary>
    public string BaseUrl => $"http://127.0.0.1:{_port}";

    /// <summary>A label value only this fixture's clusters carry, so that its applications select nothing else.</summary>
    public string Run { get; } = "ui" + Guid.NewGuid().ToString("N")[..6];

    /// <summary>The clusters applications are deployed to (labelled env=dev and env=prod).</summary>
    public IReadOnlyList<string> Clusters => [$"{Run}-dev", $"{Run}-prod"];

    /// <summary>A cluster no application targets, for outages.</summary>
    public string SpareCluster => $"{Run}-spare";

    public string AdminToken { get; } = "ui-admin-" + Guid.NewGuid().ToString("N");

    /// <summary>A viewer token, made through the API at start.</summary>
    public string ViewerToken { get; private set; } = "";

    /// <summary>The shared repository: a ConfigMap and a Secret under app/.</summary>
    public string RepositoryPath { get; } = Directory.CreateTempSubdirectory("fleet-ui-repo-").FullName;

    public string Repository => $"{Run}-repo";

    /// <summary>An API client that sends the admin token.</summary>
    public HttpClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Simulator = await SimulatorServer.StartAsync(new SimulatorOptions());
        Provider = await TestOidcIssuer.StartAsync();
        WriteApp(RepositoryPath, "one");
        Git(RepositoryPath, "init", "--quiet", "--initial-branch=main");
        Commit(RepositoryPath, "first");

        UseKestrel(o => o.Listen(IPAddress.Loopback, _port));
        StartServer();
        Api = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        Api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);

        (await Api.PutAsJsonAsync($"/api/v1/repositories/{Repository}", new { url = RepositoryPath, branch = "main" })).EnsureSuccessStatusCode();
        foreach (var (cluster, env) in new[] { (Clusters[0], "dev"), (Clusters[1], "prod"), (SpareCluster, "spare") })
        {
            Simulator.AddCluster(cluster);
            var labels = new Dictionary<string, string> { ["env"] = env, ["run"] = env == "spare" ? "spare-" + Run : Run };
            (await Api.PutAsJsonAsync($"/api/v1/clusters/{cluster}", new { server = Simulator.ClusterUrl(cluster), labels })).EnsureSuccessStatusCode();
        }
        using var created = await Api.PostAsJsonAsync("/api/v1/tokens", new { name = "viewer-" + Run, role = "viewer" });
        created.EnsureSuccessStatusCode();
        ViewerToken = (await created.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["token"]!.GetValue<string>();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox"],
        });
        Assertions.SetDefaultExpectTimeout((float)Deadline.TotalMilliseconds);
    }

    /// <summary>
    /// An application of the shared repository on both application clusters, in a namespace of its own (two
    /// applications never manage one object). Returns once every instance is Synced and Healthy.
    /// </summary>
    public async Task<string> AddApplicationAsync(string prefix, bool selfHeal, string? repository = null, string? project = null)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        foreach (var cluster in Clusters)
        {
            using var ns = await Kubernetes.PostAsJsonAsync($"{Simulator.ClusterUrl(cluster)}/api/v1/namespaces",
                new { apiVersion = "v1", kind = "Namespace", metadata = new { name } });
            ns.EnsureSuccessStatusCode();
        }
        using var put = await Api.PutAsJsonAsync($"/api/v1/applications/{name}", new
        {
            repository = repository ?? Repository,
            path = "app",
            destination = new { selector = new { matchLabels = new Dictionary<string, string> { ["run"] = Run } }, @namespace = name },
            syncPolicy = new { automated = true, prune = true, selfHeal },
            project,
        });
        put.EnsureSuccessStatusCode();
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var page = await Api.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/v1/instances?application={name}&sync=Synced&health=Healthy");
            if (page!["total"]!.GetValue<int>() == Clusters.Count)
            {
                return name;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{name} did not become Synced and Healthy on every cluster within {Deadline}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// An app of apps: a repository of its own whose <c>fleet/</c> folder declares one child application of the shared
    /// repository's <c>app</c> on every cluster of this run; returns both names.
    /// </summary>
    public async Task<(string Root, string Child)> AddAppOfAppsAsync()
    {
        var child = $"child-{Guid.NewGuid().ToString("N")[..6]}";
        foreach (var cluster in Clusters)
        {
            using var ns = await Kubernetes.PostAsJsonAsync($"{Simulator.ClusterUrl(cluster)}/api/v1/namespaces",
                new { apiVersion = "v1", kind = "Namespace", metadata = new { name = child } });
            ns.EnsureSuccessStatusCode();
        }
        var path = Directory.CreateTempSubdirectory("fleet-ui-config-").FullName;
        Directory.CreateDirectory(Path.Combine(path, "fleet"));
        File.WriteAllText(Path.Combine(path, "fleet", $"{child}.yaml"), $"""
            apiVersion: fleet.dev/v1
            kind: Application
            metadata:
              name: {child}
            spec:
              repository: {Repository}
              path: app
              destination:
                selector:
                  matchLabels:
                    run: {Run}
                namespace: {child}
              syncPolicy:
                automated: true
                prune: true
            """);
        Git(path, "init", "--quiet", "--initial-branch=main");
        Commit(path, "fleet configuration");
        var repository = $"{Run}-c{Guid.NewGuid().ToString("N")[..6]}";
        (await Api.PutAsJsonAsync($"/api/v1/repositories/{repository}", new { url = path, branch = "main", pollIntervalSeconds = 3600 })).EnsureSuccessStatusCode();
        var root = $"root-{Guid.NewGuid().ToString("N")[..6]}";
        (await Api.PutAsJsonAsync($"/api/v1/applications/{root}", new
        {
            repository,
            path = "fleet",
            destination = new { controlPlane = true },
            syncPolicy = new { automated = true, prune = true },
        })).EnsureSuccessStatusCode();
        return (root, child);
    }

    /// <summary>A repository of its own (for a test that commits), registered with Fleet; returns its name and path.</summary>
    public async Task<(string Name, string Path)> AddRepositoryAsync()
    {
        var path = Directory.CreateTempSubdirectory("fleet-ui-repo-").FullName;
        WriteApp(path, "one");
        Git(path, "init", "--quiet", "--initial-branch=main");
        Commit(path, "first");
        var name = $"{Run}-r{Guid.NewGuid().ToString("N")[..6]}";
        (await Api.PutAsJsonAsync($"/api/v1/repositories/{name}", new { url = path, branch = "main", pollIntervalSeconds = 3600 })).EnsureSuccessStatusCode();
        return (name, path);
    }

    /// <summary>Changes the ConfigMap's greeting and commits.</summary>
    public static void CommitGreeting(string repository, string greeting)
    {
        WriteApp(repository, greeting);
        Commit(repository, "greeting " + greeting);
    }

    /// <summary>Edits an object in a cluster as kubectl edit would (a JSON merge patch).</summary>
    public async Task PatchAsync(string cluster, string path, string mergePatch)
    {
        using var content = new StringContent(mergePatch, System.Text.Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/merge-patch+json");
        using var response = await Kubernetes.PatchAsync($"{Simulator.ClusterUrl(cluster)}{path}?fieldManager=kubectl-edit", content);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Probes until <paramref name="done"/> holds or the deadline passes; returns the last value.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + Deadline;
        var value = await probe();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            value = await probe();
        }
        return value;
    }

    /// <summary>A new browser context signed in with <paramref name="token"/>, on the overview.</summary>
    public async Task<IPage> SignedInPageAsync(string token)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 860 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("API token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        // Only the arrival: the page's content is awaited by each test's assertions, and a live page's load event can
        // lag on a busy machine.
        await page.WaitForURLAsync(BaseUrl + "/", new() { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
        return page;
    }

    /// <summary>A new browser context signed in through <see cref="Provider"/> as <paramref name="user"/>, on the overview.</summary>
    public async Task<IPage> SignedInThroughProviderAsync(string user, params string[] groups)
    {
        Provider.User = (user, groups);
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 860 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with single sign-on" }).ClickAsync();
        await page.WaitForURLAsync(BaseUrl + "/");
        return page;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Fleet:Oidc:Authority", Provider.Authority);
        builder.UseSetting("Fleet:Oidc:Audience", ClientId);
        builder.UseSetting("Fleet:Oidc:RequireHttpsMetadata", "false");
        builder.UseSetting("Fleet:Oidc:RoleMappings:fleet-viewers", "viewer");
        builder.UseSetting("Fleet:Oidc:RoleMappings:fleet-ops", "operator");
        builder.UseSetting("Fleet:Oidc:RoleMappings:fleet-admins", "admin");
        builder.UseSetting("FLEET_ADMIN_TOKEN", AdminToken);
        builder.UseSetting("Fleet:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Fleet:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Fleet:ProbeInterval", "00:00:01");
        builder.UseSetting("Fleet:GitCacheDirectory", Directory.CreateTempSubdirectory("fleet-ui-git-").FullName);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        Api?.Dispose();
        await DisposeAsync();
        await Simulator.DisposeAsync();
        if (Provider is not null)
        {
            await Provider.DisposeAsync();
        }
    }

    private static void WriteApp(string repository, string greeting)
    {
        Directory.CreateDirectory(Path.Combine(repository, "app"));
        File.WriteAllText(Path.Combine(repository, "app", "configmap.yaml"), $"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              greeting: "{greeting} {"{{cluster.name}}"}"
            """);
        File.WriteAllText(Path.Combine(repository, "app", "secret.yaml"), """
            apiVersion: v1
            kind: Secret
            metadata:
              name: db
            stringData:
              password: git-password-1234
            """);
    }

    private static void Commit(string repository, string message)
    {
        Git(repository, "add", "--all");
        Git(repository, "commit", "--quiet", "--message", message);
    }

    private static void Git(string repository, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = repository, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["GIT_AUTHOR_NAME"] = info.Environment["GIT_COMMITTER_NAME"] = "Fleet UI Tests";
        info.Environment["GIT_AUTHOR_EMAIL"] = info.Environment["GIT_COMMITTER_EMAIL"] = "ui-tests@fleet.invalid";
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
public sealed class UiFleetCollection : ICollectionFixture<UiFleet>
{
    public const string Name = "ui-fleet";
}
