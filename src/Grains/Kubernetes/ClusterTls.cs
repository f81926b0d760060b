using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Fleet.Grains.Kubernetes;

/// <summary>
/// TLS towards one cluster: trust only the registered CA (never the machine's store alone for a cluster that
/// names one), honour the insecure flag, and present a client certificate when registered with one.
/// </summary>
public static class ClusterTls
{
    public static SocketsHttpHandler CreateHandler(ClusterEndpoint endpoint)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = 16,
        };
        if (endpoint.InsecureSkipTlsVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (endpoint.CertificateAuthorityData is { Length: > 0 } caData)
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPem(Pem(caData));
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                {
                    return false;
                }
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            };
        }
        if (endpoint.ClientCertificateData is { Length: > 0 } certData && endpoint.ClientKeyData is { Length: > 0 } keyData)
        {
            using var pem = X509Certificate2.CreateFromPem(Pem(certData), Pem(keyData));
            // Re-import so the key is usable by the TLS stack on every platform.
            var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            handler.SslOptions.ClientCertificates = [certificate];
        }
        return handler;
    }

    // Kubeconfig *-data fields are base64 of PEM; accept plain PEM too.
    private static string Pem(string data) =>
        data.Contains("-----BEGIN", StringComparison.Ordinal) ? data : Encoding.UTF8.GetString(Convert.FromBase64String(data));
}
