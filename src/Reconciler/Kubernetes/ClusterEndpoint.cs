using System.Text;

namespace Fleet.Reconciler.Kubernetes;

/// <summary>How to reach a cluster, as registered (through the API or imported from a kubeconfig).</summary>
/// <param name="Server">The API server URL, with any path prefix (<c>https://host:6443</c>, <c>http://127.0.0.1:80/clusters/dev</c>).</param>
/// <param name="CertificateAuthorityData">Base64 PEM of the CA that signs the server certificate; null trusts the system store.</param>
/// <param name="InsecureSkipTlsVerify">Accept any server certificate (test clusters only).</param>
/// <param name="Token">Bearer token; null when the cluster authenticates Fleet by client certificate or not at all.</param>
/// <param name="ClientCertificateData">Base64 PEM client certificate, as in a kubeconfig.</param>
/// <param name="ClientKeyData">Base64 PEM private key of <paramref name="ClientCertificateData"/>.</param>
public sealed record ClusterEndpoint(
    string Server,
    string? CertificateAuthorityData,
    bool InsecureSkipTlsVerify,
    string? Token,
    string? ClientCertificateData,
    string? ClientKeyData)
{
    // Records print every property by default; an endpoint that ends up in a log must not carry its secrets with it.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Server = ").Append(Server);
        builder.Append(", CertificateAuthorityData = ").Append(CertificateAuthorityData is null ? "null" : "(set)");
        builder.Append(", InsecureSkipTlsVerify = ").Append(InsecureSkipTlsVerify);
        builder.Append(", Token = ").Append(Token is null ? "null" : "(redacted)");
        builder.Append(", ClientCertificateData = ").Append(ClientCertificateData is null ? "null" : "(set)");
        builder.Append(", ClientKeyData = ").Append(ClientKeyData is null ? "null" : "(redacted)");
        return true;
    }
}
