using System.Diagnostics;
using System.Net;
using System.Text;
using Fleet.Simulator.Hosting;
using k8s.Autorest;
using k8s.Models;
using k8s;

namespace Fleet.Simulator.Tests.Hosting;

/// <summary>A simulator serving HTTPS with per-cluster bearer tokens, shared by <see cref="HttpsAndTokensTests"/>.</summary>
public sealed class SecureSimulatorFixture : IAsyncLifetime
{
    public SimulatorServer Server { get; private set; } = null!;

    public string Kubeconfig { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Server = await SimulatorServer.StartAsync(new SimulatorOptions { Https = true, Tokens = true, Clusters = ["a", "b"] });
        Kubeconfig = Server.Kubeconfig();
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>Client configuration for a context of the simulator's kubeconfig, read as kubectl would read it.</summary>
    public KubernetesClientConfiguration ConfigFor(string context)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Kubeconfig));
        return KubernetesClientConfiguration.BuildConfigFromConfigFile(stream, currentContext: context);
    }
}

/// <summary>
/// Real clusters are reached over TLS with credentials: the kubeconfig the simulator writes must work unchanged
/// with KubernetesClient and kubectl, and each cluster must reject the others' tokens.
/// </summary>
public sealed class HttpsAndTokensTests(SecureSimulatorFixture fixture) : IClassFixture<SecureSimulatorFixture>
{
    [Fact]
    public async Task Kubeconfig_ContextB_ListsNamespacesOverTlsWithToken()
    {
        var config = fixture.ConfigFor("b");
        using var client = new k8s.Kubernetes(config);

        var namespaces = await client.CoreV1.ListNamespaceAsync();

        Assert.StartsWith("https://", config.Host);
        Assert.EndsWith("/clusters/b", config.Host.TrimEnd('/'));
        Assert.False(string.IsNullOrEmpty(config.AccessToken));
        Assert.Contains(namespaces.Items, n => n.Metadata.Name == "default");
    }

    [Fact]
    public async Task Request_WithoutToken_IsUnauthorized()
    {
        var config = fixture.ConfigFor("b");
        config.AccessToken = null;
        using var client = new k8s.Kubernetes(config);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNamespaceAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, error.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.Equal(("Status", "Failure", "Unauthorized", 401), (status.Kind, status.Status, status.Reason, status.Code));
    }

    [Fact]
    public async Task Request_WithOtherClustersToken_IsUnauthorized()
    {
        var config = fixture.ConfigFor("b");
        config.AccessToken = fixture.ConfigFor("a").AccessToken;
        using var client = new k8s.Kubernetes(config);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNamespaceAsync());

        Assert.NotEqual(fixture.ConfigFor("b").AccessToken, config.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, error.Response.StatusCode);
    }

    [Fact]
    public async Task Contexts_SameServer_KeepClustersIsolated()
    {
        using var a = new k8s.Kubernetes(fixture.ConfigFor("a"));
        using var b = new k8s.Kubernetes(fixture.ConfigFor("b"));
        var name = $"only-in-a-{Guid.NewGuid().ToString("N")[..6]}";

        await a.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name }, Data = new Dictionary<string, string> { ["k"] = "v" } }, "default");
        var inA = await a.CoreV1.ListNamespacedConfigMapAsync("default");
        var inB = await b.CoreV1.ListNamespacedConfigMapAsync("default");

        Assert.Contains(inA.Items, c => c.Metadata.Name == name);
        Assert.DoesNotContain(inB.Items, c => c.Metadata.Name == name);
    }

    [Fact]
    public async Task PlainHttp_ToHttpsPort_FailsAtTransportLevel()
    {
        var plain = new UriBuilder(fixture.Server.ClusterUrl("a") + "/version") { Scheme = "http" }.Uri;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(plain));
    }

    [Fact]
    public async Task Kubectl_KubeconfigContextA_GetNamespacesPrintsDefault()
    {
        var directory = Directory.CreateTempSubdirectory("fleet-kubectl-");
        try
        {
            var kubeconfig = Path.Combine(directory.FullName, "kubeconfig");
            await File.WriteAllTextAsync(kubeconfig, fixture.Kubeconfig);

            var (exitCode, stdout, stderr) = await RunAsync("kubectl",
                ["--kubeconfig", kubeconfig, "--context", "a", "--cache-dir", Path.Combine(directory.FullName, "cache"), "get", "namespaces"]);

            Assert.True(exitCode == 0, $"kubectl exited {exitCode}: {stderr}");
            Assert.Contains(stdout.Split('\n'), line => line.StartsWith("default ", StringComparison.Ordinal));
            Assert.StartsWith("NAME", stdout);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within 60 s; stderr: {await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
