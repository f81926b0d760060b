using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using System.Text;
using k8s;

namespace Fleet.Reconciler.Kubernetes;

/// <summary>
/// Turns a <see cref="ClusterEndpoint"/> into a KubernetesClient instance whose HttpClient carries the endpoint's TLS
/// settings (its CA trusted for this client only, or no verification when asked) and whose credentials add the
/// token. Bad endpoint data fails here, before any request, with the field to fix.
/// </summary>
internal static class KubernetesClientSetup
{
    public static k8s.Kubernetes Create(string clusterName, ClusterEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!Uri.TryCreate(endpoint.Server, UriKind.Absolute, out var server) || server.Scheme is not ("https" or "http"))
        {
            throw Invalid(clusterName, nameof(ClusterEndpoint.Server), $"\"{endpoint.Server}\" is not an absolute http(s) URL");
        }
        if ((endpoint.ClientCertificateData is null) != (endpoint.ClientKeyData is null))
        {
            throw Invalid(clusterName, nameof(ClusterEndpoint.ClientCertificateData), "a client certificate needs its key (ClientKeyData) and the other way round");
        }
        var config = new KubernetesClientConfiguration
        {
            Host = endpoint.Server,
            SkipTlsVerify = endpoint.InsecureSkipTlsVerify,
            AccessToken = endpoint.Token,
            // KubernetesClient requires a CA collection for https unless verification is off. An empty one still
            // accepts certificates the system trusts (its callback passes chains without errors).
            SslCaCerts = LoadAuthorities(clusterName, endpoint.CertificateAuthorityData),
            // KubernetesClient turns on HTTP/2 keep-alive pings and a one-minute idle timeout, which give every client
            // a heartbeat timer (every 7.5 s) and a pool sweep every 15 s: 200 wake-ups a second for a thousand
            // clusters doing nothing. Without them the heartbeat is gone and the sweep runs every 30 s. A cluster's
            // connection carries its watches, so it is never idle, and ApiTransport replaces a connection that stops
            // answering; the watches' own deadline ends a stream that goes quiet.
            FirstMessageHandlerSetup = handler =>
            {
                handler.KeepAlivePingDelay = Timeout.InfiniteTimeSpan;
                handler.PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan;
            },
        };
        if (endpoint.ClientCertificateData is not null)
        {
            ValidateClientCertificate(clusterName, endpoint.ClientCertificateData, endpoint.ClientKeyData!);
            config.ClientCertificateData = endpoint.ClientCertificateData;
            config.ClientCertificateKeyData = endpoint.ClientKeyData;
        }
        return new k8s.Kubernetes(config);
    }

    private static X509Certificate2Collection LoadAuthorities(string clusterName, string? data)
    {
        var authorities = new X509Certificate2Collection();
        if (data is null)
        {
            return authorities;
        }
        try
        {
            authorities.ImportFromPem(DecodePem(clusterName, nameof(ClusterEndpoint.CertificateAuthorityData), data));
        }
        catch (CryptographicException e)
        {
            throw Invalid(clusterName, nameof(ClusterEndpoint.CertificateAuthorityData), $"it holds no readable PEM certificate ({e.Message})");
        }
        if (authorities.Count == 0)
        {
            throw Invalid(clusterName, nameof(ClusterEndpoint.CertificateAuthorityData), "it holds no PEM certificate");
        }
        return authorities;
    }

    private static void ValidateClientCertificate(string clusterName, string certificateData, string keyData)
    {
        var certificatePem = DecodePem(clusterName, nameof(ClusterEndpoint.ClientCertificateData), certificateData);
        var keyPem = DecodePem(clusterName, nameof(ClusterEndpoint.ClientKeyData), keyData);
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (CryptographicException e)
        {
            throw Invalid(clusterName, nameof(ClusterEndpoint.ClientCertificateData), $"the certificate and key do not load as a pair ({e.Message})");
        }
    }

    private static string DecodePem(string clusterName, string field, string base64)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            throw Invalid(clusterName, field, "it is not base64 (kubeconfig *-data fields hold base64-encoded PEM)");
        }
    }

    private static ArgumentException Invalid(string clusterName, string field, string problem) =>
        new($"The endpoint of cluster \"{clusterName}\" has an invalid {field}: {problem}.", field);
}
