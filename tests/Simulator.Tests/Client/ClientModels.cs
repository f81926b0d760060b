using Fleet.Simulator.Tests.Infrastructure;
using k8s.Autorest;
using k8s.Models;
using k8s;

namespace Fleet.Simulator.Tests.Client;

/// <summary>KubernetesClient instances bound to a test's virtual cluster, the way a Fleet controller would build them.</summary>
public static class Clients
{
    public const string Default = "default";

    /// <summary>A typed client for the cluster; the <c>/clusters/&lt;name&gt;</c> prefix of its URL is kept by the client.</summary>
    public static k8s.Kubernetes For(TestCluster cluster) => new(new KubernetesClientConfiguration { Host = cluster.Url });

    /// <summary>Runs a call that must fail and returns the HTTP error the client surfaced.</summary>
    public static async Task<HttpOperationException> FailureOf(Func<Task> call) => await Assert.ThrowsAsync<HttpOperationException>(call);

    /// <summary>The Kubernetes Status object carried by an error response.</summary>
    public static V1Status StatusOf(HttpOperationException error) => KubernetesJson.Deserialize<V1Status>(error.Response.Content);
}

/// <summary>Typed manifests the client tests create.</summary>
public static class Models
{
    public static V1ConfigMap ConfigMap(string name, IDictionary<string, string>? labels = null, string value = "v") => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Data = new Dictionary<string, string> { ["k"] = value },
    };

    public static V1Deployment Deployment(string name, int replicas = 2, string image = "nginx:1.27") => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = name } },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec
                {
                    Containers = [new V1Container { Name = "web", Image = image, Ports = [new V1ContainerPort { ContainerPort = 80 }] }],
                },
            },
        },
    };
}
