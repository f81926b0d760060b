using System.Net;
using Fleet.Simulator.Admin;
using Fleet.Simulator.Http;
using Fleet.Simulator.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Fleet.Simulator.Hosting;

/// <summary>
/// A running simulator: one HTTP(S) server on loopback serving every virtual cluster at
/// <c>{BaseAddress}clusters/{name}</c>. Tests and benchmarks start it in-process with <see cref="StartAsync"/>.
/// </summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatorServer(WebApplication app, SimulatorOptions options, CertificateAuthority? certificates)
    {
        _app = app;
        Certificates = certificates;
        Clusters = app.Services.GetRequiredService<ClusterRegistry>();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        BaseAddress = new Uri($"{(options.Https ? "https" : "http")}://{options.Host}:{port}/");
    }

    /// <summary>Scheme, host and port, ending with a slash.</summary>
    public Uri BaseAddress { get; }

    public ClusterRegistry Clusters { get; }

    /// <summary>The CA and serving certificate when serving HTTPS; null for HTTP.</summary>
    public CertificateAuthority? Certificates { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Signalled when the host is asked to stop (Ctrl+C, SIGTERM).</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    public static async Task<SimulatorServer> StartAsync(SimulatorOptions options, CancellationToken cancellationToken = default)
    {
        var certificates = options.Https ? CertificateAuthority.Create() : null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Parse(options.Host), options.Port, listen =>
            {
                if (certificates is not null)
                {
                    listen.UseHttps(certificates.ServerCertificate);
                }
            });
            kestrel.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
        });
        builder.Services.AddSimulator(options);
        var app = builder.Build();
        app.MapSimulator();
        await app.StartAsync(cancellationToken);
        var server = new SimulatorServer(app, options, certificates);
        foreach (var name in options.Clusters)
        {
            server.AddCluster(name);
        }
        return server;
    }

    /// <summary>The URL kubectl's <c>--server</c> and KubernetesClient's Host take for a cluster.</summary>
    public string ClusterUrl(string name) => $"{BaseAddress}clusters/{name}";

    /// <summary>Adds a virtual cluster (with its own bearer token when tokens are on).</summary>
    public VirtualCluster AddCluster(string name) => Clusters.Add(name);

    public bool RemoveCluster(string name) => Clusters.Remove(name);

    public VirtualCluster Cluster(string name) =>
        Clusters.TryGet(name, out var cluster) ? cluster : throw new KeyNotFoundException($"no virtual cluster named \"{name}\"");

    /// <summary>A kubeconfig with one context per cluster (server, CA data, token).</summary>
    public string Kubeconfig() => Hosting.Kubeconfig.Render(
        [.. Clusters.All.OrderBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => new KubeconfigEntry(c.Name, ClusterUrl(c.Name), Certificates?.AuthorityPem, c.BearerToken))]);

    public async ValueTask DisposeAsync()
    {
        foreach (var cluster in Clusters.All)
        {
            cluster.Close();
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificates?.Dispose();
    }
}

/// <summary>Service registration and endpoint mapping for the simulator, usable from any ASP.NET Core host.</summary>
public static class SimulatorServiceExtensions
{
    public static IServiceCollection AddSimulator(this IServiceCollection services, SimulatorOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(options.Controllers);
        services.AddSingleton(new WatchOptions { BookmarkInterval = options.BookmarkInterval });
        services.AddSingleton<ControllerLoop>();
        services.AddHostedService(sp => sp.GetRequiredService<ControllerLoop>());
        services.AddSingleton<ClusterRegistry>();
        services.AddSingleton<WatchStreamer>();
        services.AddSingleton<ResourceHandler>();
        services.AddSingleton<ClusterRequestHandler>();
        return services;
    }

    public static WebApplication MapSimulator(this WebApplication app)
    {
        var handler = app.Services.GetRequiredService<ClusterRequestHandler>();
        app.Map("/clusters/{cluster}/{**path}", handler.HandleAsync);
        app.MapAdminApi();
        return app;
    }
}
