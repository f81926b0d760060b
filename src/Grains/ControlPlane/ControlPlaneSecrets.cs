using System.Text;
using Fleet.Grains.Clusters;
using Fleet.Grains.Interfaces.Documents;
using Fleet.Reconciler.Kubernetes;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.ControlPlane;

/// <summary>
/// Reads secret references: an environment variable of this process, or a key of a Secret in the control plane's
/// namespace through the same cluster connection code Fleet uses for every cluster (rate limit, timeouts, retries).
/// A connection is opened per read, so that a rotated service-account token or an edited kubeconfig is always the
/// current one; references are read when an object is written, which is rare.
/// </summary>
public sealed class ControlPlaneSecrets(IClusterConnectionFactory connections, IOptions<ControlPlaneOptions> options)
{
    private const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";
    private const string DefaultNamespace = "fleet";

    /// <summary>The value of <paramref name="reference"/>, or the problem reading it.</summary>
    public async Task<SecretResolution> ResolveAsync(SecretReference reference, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Env is { } variable)
        {
            return Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
                ? new SecretResolution { Value = value }
                : Problem($"environment variable {variable} is not set on the silo");
        }
        var ns = Namespace();
        ClusterEndpoint endpoint;
        try
        {
            endpoint = Endpoint();
        }
        catch (Exception e) when (e is KubeconfigException or IOException or InvalidOperationException)
        {
            return Problem($"Secret \"{reference.Secret}\" cannot be read: the control plane's cluster is not reachable ({e.Message})");
        }
        using var connection = connections.Create("control-plane", endpoint);
        try
        {
            var secret = await connection.GetAsync("v1", "Secret", ns, reference.Secret!, ct);
            if (secret is null)
            {
                return Problem($"Secret \"{reference.Secret}\" does not exist in namespace \"{ns}\"");
            }
            if (secret["data"]?[reference.Key!]?.GetValue<string>() is not { } encoded)
            {
                return Problem($"Secret \"{reference.Secret}\" in namespace \"{ns}\" has no key \"{reference.Key}\"");
            }
            return new SecretResolution { Value = Encoding.UTF8.GetString(Convert.FromBase64String(encoded)) };
        }
        catch (KubernetesApiException e)
        {
            return Problem($"Secret \"{reference.Secret}\" in namespace \"{ns}\" cannot be read: {e.Code} {e.Reason} (may Fleet's service account get Secrets in that namespace?)");
        }
        catch (ClusterUnreachableException e)
        {
            return Problem($"Secret \"{reference.Secret}\" in namespace \"{ns}\" cannot be read: {e.Message}");
        }
        catch (FormatException)
        {
            return Problem($"key \"{reference.Key}\" of Secret \"{reference.Secret}\" in namespace \"{ns}\" is not base64");
        }
    }

    private string Namespace()
    {
        if (options.Value.Namespace is { Length: > 0 } configured)
        {
            return configured;
        }
        var file = Path.Combine(ServiceAccountDirectory, "namespace");
        return options.Value.Kubeconfig is null && File.Exists(file) ? File.ReadAllText(file).Trim() : DefaultNamespace;
    }

    private ClusterEndpoint Endpoint()
    {
        if (options.Value.Kubeconfig is { } path)
        {
            return KubeconfigImport.FromKubeconfig(File.ReadAllText(path), options.Value.Context);
        }
        var host = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST");
        var port = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new InvalidOperationException("the silo runs outside a pod and Fleet:ControlPlane:Kubeconfig is not set");
        }
        var authority = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(ServiceAccountDirectory, "ca.crt")));
        var token = File.ReadAllText(Path.Combine(ServiceAccountDirectory, "token")).Trim();
        var server = host.Contains(':', StringComparison.Ordinal) ? $"https://[{host}]:{port}" : $"https://{host}:{port}";
        return new ClusterEndpoint(server, authority, false, token, null, null);
    }

    private static SecretResolution Problem(string problem) => new() { Problem = problem };
}
