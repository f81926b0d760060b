using System.Text;

namespace Fleet.Simulator.Hosting;

/// <summary>One context of a kubeconfig: a cluster's server URL and how to trust and authenticate to it.</summary>
public sealed record KubeconfigEntry(string Name, string Server, string? CertificateAuthorityPem, string? Token);

/// <summary>Writes a kubeconfig with one cluster, user and context per virtual cluster.</summary>
public static class Kubeconfig
{
    public static string Render(IReadOnlyList<KubeconfigEntry> entries, string? currentContext = null)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("apiVersion: v1");
        yaml.AppendLine("kind: Config");
        yaml.AppendLine("preferences: {}");
        yaml.AppendLine($"current-context: {Quote(currentContext ?? entries.FirstOrDefault()?.Name ?? "")}");
        yaml.AppendLine("clusters:");
        foreach (var entry in entries)
        {
            yaml.AppendLine($"- name: {Quote(entry.Name)}");
            yaml.AppendLine("  cluster:");
            yaml.AppendLine($"    server: {Quote(entry.Server)}");
            if (entry.CertificateAuthorityPem is { } pem)
            {
                yaml.AppendLine($"    certificate-authority-data: {Convert.ToBase64String(Encoding.UTF8.GetBytes(pem))}");
            }
        }
        yaml.AppendLine("users:");
        foreach (var entry in entries)
        {
            yaml.AppendLine($"- name: {Quote(entry.Name)}");
            yaml.AppendLine(entry.Token is null ? "  user: {}" : $"  user:\n    token: {Quote(entry.Token)}");
        }
        yaml.AppendLine("contexts:");
        foreach (var entry in entries)
        {
            yaml.AppendLine($"- name: {Quote(entry.Name)}");
            yaml.AppendLine("  context:");
            yaml.AppendLine($"    cluster: {Quote(entry.Name)}");
            yaml.AppendLine($"    user: {Quote(entry.Name)}");
        }
        return yaml.ToString();
    }

    private static string Quote(string value) => $"\"{value.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"";
}
