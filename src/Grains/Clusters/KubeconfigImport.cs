using Fleet.Reconciler.Kubernetes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Fleet.Grains.Clusters;

/// <summary>A kubeconfig that cannot be turned into a <see cref="ClusterEndpoint"/>; the message says what to fix.</summary>
/// <param name="message">Which context, field and line, and what to do.</param>
public sealed class KubeconfigException(string message) : Exception(message);

/// <summary>
/// Reads one context of a kubeconfig into a <see cref="ClusterEndpoint"/>: server, CA data, insecure flag, token and
/// client certificate and key data. Fleet authenticates with static credentials only: exec plugins, auth providers
/// and basic auth are refused with a message saying what to use. File references (<c>certificate-authority</c>,
/// <c>tokenFile</c>, <c>client-certificate</c>, <c>client-key</c>) are refused too: read on the silo, they would let
/// whoever imports a kubeconfig send any file of the silo's disk to a server of their choosing. The CLI inlines them.
/// </summary>
public static class KubeconfigImport
{
    /// <summary>The refusal of a file reference, after the field's name.</summary>
    public const string FileReferenceRefused =
        "file references are not accepted by the server; inline the data (`fleet cluster add --kubeconfig` does it for you)";

    /// <summary>Reads a context.</summary>
    /// <param name="kubeconfigYaml">The kubeconfig's text.</param>
    /// <param name="context">The context to read; null for the kubeconfig's current-context.</param>
    /// <returns>The endpoint of the context's cluster with the context's user's credentials.</returns>
    public static ClusterEndpoint FromKubeconfig(string kubeconfigYaml, string? context)
    {
        ArgumentNullException.ThrowIfNull(kubeconfigYaml);
        var root = Load(kubeconfigYaml);
        var contextName = !string.IsNullOrEmpty(context) ? context : Scalar(root, "current-context");
        if (string.IsNullOrEmpty(contextName))
        {
            throw new KubeconfigException(
                $"The kubeconfig has no current-context: name the context to import (it has: {Names(root, "contexts")}).");
        }
        var contextBody = Body(FindNamed(root, "contexts", contextName, "context"), "context", contextName);
        var clusterName = Scalar(contextBody, "cluster")
            ?? throw Problem(contextBody, $"context \"{contextName}\" names no cluster: set contexts[].context.cluster");
        var cluster = Body(FindNamed(root, "clusters", clusterName, "cluster"), "cluster", clusterName);
        var userName = Scalar(contextBody, "user");
        var user = string.IsNullOrEmpty(userName) ? null : Body(FindNamed(root, "users", userName, "user"), "user", userName);

        var server = Scalar(cluster, "server")
            ?? throw Problem(cluster, $"cluster \"{clusterName}\" has no server: set clusters[].cluster.server to the API server's URL");
        RejectFileReferences(cluster, "clusters[].cluster", "certificate-authority");
        var authority = Data(cluster, "certificate-authority-data");
        var insecure = Scalar(cluster, "insecure-skip-tls-verify") is { } flag && bool.TryParse(flag, out var skip) && skip;
        if (user is null)
        {
            return new ClusterEndpoint(server, authority, insecure, null, null, null);
        }
        RejectUnsupportedAuth(user, userName!);
        RejectFileReferences(user, "users[].user", "tokenFile", "client-certificate", "client-key");
        var token = Scalar(user, "token");
        var certificate = Data(user, "client-certificate-data");
        var key = Data(user, "client-key-data");
        if ((certificate is null) != (key is null))
        {
            throw Problem(user, $"user \"{userName}\" has a client certificate without its key (or a key without its certificate): set both");
        }
        return new ClusterEndpoint(server, authority, insecure, token, certificate, key);
    }

    private static YamlMappingNode Load(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new KubeconfigException($"The kubeconfig is not valid YAML (line {e.Start.Line}, column {e.Start.Column}): {e.Message}");
        }
        return stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode
            ?? throw new KubeconfigException("The kubeconfig is empty or not a YAML mapping: expected apiVersion, kind: Config, clusters, users and contexts.");
    }

    private static void RejectUnsupportedAuth(YamlMappingNode user, string userName)
    {
        if (Child(user, "exec") is YamlMappingNode exec)
        {
            var command = Scalar(exec, "command") ?? "(no command)";
            throw Problem(Key(user, "exec"), $"user \"{userName}\" gets its credentials from an exec plugin (command \"{command}\"), which Fleet does not run: " +
                "give Fleet a service account token (users[].user.token) or a client certificate instead");
        }
        if (Child(user, "auth-provider") is not null)
        {
            throw Problem(Key(user, "auth-provider"), $"user \"{userName}\" uses an auth-provider, which Fleet does not support: " +
                "give Fleet a service account token (users[].user.token) or a client certificate instead");
        }
        if (Child(user, "username") is not null)
        {
            throw Problem(Key(user, "username"), $"user \"{userName}\" uses basic authentication (username/password), which Kubernetes no longer " +
                "supports and Fleet does not send: use a token or a client certificate");
        }
    }

    // Even next to inline data: a file reference the server ignored would still be a path the caller chose.
    private static void RejectFileReferences(YamlMappingNode node, string path, params string[] fields)
    {
        foreach (var field in fields)
        {
            if (Child(node, field) is not null)
            {
                throw Problem(Key(node, field), $"{path}.{field}: {FileReferenceRefused}");
            }
        }
    }

    // Inline credentials are base64-encoded PEM.
    private static string? Data(YamlMappingNode node, string dataField)
    {
        if (Scalar(node, dataField) is not { Length: > 0 } data)
        {
            return null;
        }
        try
        {
            Convert.FromBase64String(data);
        }
        catch (FormatException)
        {
            throw Problem(Child(node, dataField)!, $"{dataField} is not base64: it must hold base64-encoded PEM");
        }
        return data;
    }

    // Finds the entry named `name` in a top-level list (clusters, users, contexts).
    private static YamlMappingNode FindNamed(YamlMappingNode root, string list, string name, string entryKind) =>
        (Child(root, list) as YamlSequenceNode)?.Children.OfType<YamlMappingNode>()
            .FirstOrDefault(entry => Scalar(entry, "name") == name)
        ?? throw new KubeconfigException($"The kubeconfig has no {entryKind} named \"{name}\" (it has: {Names(root, list)}).");

    private static YamlMappingNode Body(YamlMappingNode entry, string field, string name) =>
        Child(entry, field) as YamlMappingNode
        ?? throw Problem(entry, $"{field} \"{name}\" has no \"{field}:\" mapping");

    private static string Names(YamlMappingNode root, string list)
    {
        var names = (Child(root, list) as YamlSequenceNode)?.Children.OfType<YamlMappingNode>()
            .Select(entry => Scalar(entry, "name")).OfType<string>().Select(n => $"\"{n}\"").ToList() ?? [];
        return names.Count == 0 ? "none" : string.Join(", ", names);
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    // The key's own node: a block mapping value starts on the line after its key, which is not where people look.
    private static YamlNode Key(YamlMappingNode node, string key) =>
        node.Children.Keys.First(k => k is YamlScalarNode { Value: var value } && value == key);

    private static string? Scalar(YamlMappingNode node, string key) =>
        Child(node, key) is YamlScalarNode { Value: { Length: > 0 } value } ? value : null;

    private static KubeconfigException Problem(YamlNode node, string problem) =>
        new($"Kubeconfig line {node.Start.Line}: {problem}.");
}
