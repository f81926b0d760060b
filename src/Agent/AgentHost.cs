using Fleet.Agent.Configuration;
using Fleet.Agent.Credentials;
using Fleet.Agent.Hub;
using k8s;
using Microsoft.Extensions.Logging;

namespace Fleet.Agent;

/// <summary>Puts an agent together from its settings: its own cluster's client, the Secret store and the hub client.</summary>
public static class AgentHost
{
    /// <summary>
    /// The agent for <paramref name="settings"/>. <paramref name="hubHandler"/> replaces the HTTPS handler to the control
    /// plane (tests run the control plane in memory); the caller disposes the returned client.
    /// </summary>
    public static (AgentRunner Runner, IDisposable Resources) Create(AgentSettings settings, ILoggerFactory loggers, HttpMessageHandler? hubHandler = null)
    {
        var configuration = settings.Kubeconfig is { } path
            ? KubernetesClientConfiguration.BuildConfigFromConfigFile(path, currentContext: settings.Context)
            : KubernetesClientConfiguration.InClusterConfig();
        var kubernetes = new Kubernetes(configuration);
        var @namespace = settings.Namespace ?? configuration.Namespace ?? "default";
        var hubAddress = settings.Hub.AbsoluteUri.EndsWith('/') ? settings.Hub : new Uri(settings.Hub.AbsoluteUri + "/");
        var http = hubHandler is null ? new HttpClient() : new HttpClient(hubHandler, disposeHandler: false);
        http.BaseAddress = hubAddress;
        http.Timeout = TimeSpan.FromSeconds(30);
        var runner = new AgentRunner(new HubClient(http, settings.Cluster), new CredentialStore(kubernetes, @namespace),
            settings.BootstrapToken, TimeProvider.System, loggers.CreateLogger<AgentRunner>());
        return (runner, new Resources(kubernetes, http));
    }

    private sealed class Resources(Kubernetes kubernetes, HttpClient http) : IDisposable
    {
        public void Dispose()
        {
            http.Dispose();
            kubernetes.Dispose();
        }
    }
}
