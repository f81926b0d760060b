using System.Globalization;
using System.Net;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Fleet.Agent.Credentials;

/// <summary>
/// Keeps the agent's credential in a Secret of its own cluster (name <see cref="SecretName"/>), so that a restarted
/// or rescheduled agent finds it again and needs no new bootstrap token. The control plane never sees this Secret.
/// </summary>
public sealed class CredentialStore(IKubernetes kubernetes, string @namespace)
{
    /// <summary>The Secret's name.</summary>
    public const string SecretName = "fleet-agent-credential";

    private const string CredentialKey = "credential";
    private const string RenewAfterKey = "renewAfter";
    private const string ExpiresAtKey = "expiresAt";

    /// <summary>The stored credential, or null when there is none (first start, or the Secret was deleted).</summary>
    public async Task<StoredCredential?> LoadAsync(CancellationToken cancellationToken)
    {
        V1Secret secret;
        try
        {
            secret = await kubernetes.CoreV1.ReadNamespacedSecretAsync(SecretName, @namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        if (secret.Data is not { } data || !data.TryGetValue(CredentialKey, out var credential)
            || !data.TryGetValue(RenewAfterKey, out var renewAfter) || !data.TryGetValue(ExpiresAtKey, out var expiresAt))
        {
            return null;
        }
        return new StoredCredential(Encoding.UTF8.GetString(credential), Time(renewAfter), Time(expiresAt));
    }

    /// <summary>Writes the credential, creating the Secret the first time.</summary>
    public async Task SaveAsync(StoredCredential credential, CancellationToken cancellationToken)
    {
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = SecretName,
                NamespaceProperty = @namespace,
                Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "fleet-agent" },
            },
            Type = "Opaque",
            Data = new Dictionary<string, byte[]>
            {
                [CredentialKey] = Encoding.UTF8.GetBytes(credential.Credential),
                [RenewAfterKey] = Encoding.UTF8.GetBytes(credential.RenewAfter.ToString("O", CultureInfo.InvariantCulture)),
                [ExpiresAtKey] = Encoding.UTF8.GetBytes(credential.ExpiresAt.ToString("O", CultureInfo.InvariantCulture)),
            },
        };
        try
        {
            await kubernetes.CoreV1.ReplaceNamespacedSecretAsync(secret, SecretName, @namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            await kubernetes.CoreV1.CreateNamespacedSecretAsync(secret, @namespace, cancellationToken: cancellationToken);
        }
    }

    private static DateTimeOffset Time(byte[] text) =>
        DateTimeOffset.Parse(Encoding.UTF8.GetString(text), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
