using System.Text;
using Fleet.Grains.Applying;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Fleet.Grains.Clusters;

/// <summary>A kubeconfig that cannot be turned into a <see cref="ClusterEndpoint"/>; the message says what to fix.</summary>
/// <param name="message">Which context, field and line, and what to do.</param>
public sealed class KubeconfigException(string message) : Exception(message);

/// <summary>
/// Reads one context of a kubeconfig into a <see cref="ClusterEndpoint"/>: server, CA (data or file), insecure flag,
/// token (inline or file) and client certificate and key (data or files). Fleet authenticates with static
/// credentials only: exec plugins, auth providers and basic auth are refused with a message saying what to use.
/// </summary>
public static class KubeconfigImport
{
    /// <summary>Reads a context; relative file paths are resolved against the current directory.</summary>
    /// <param name="kubeconfigYaml">The kubeconfig's text.</param>
    /// <param name="context">The context to read; null for the kubeconfig's current-context.</param>
    /// <returns>The endpoint of the context's cluster with the context's user's credentials.</returns>
    public static ClusterEndpoint FromKubeconfig(string kubeconfigYaml, string? context) =>
        FromKubeconfig(kubeconfigYaml, context, baseDirectory: null);

    /// <summary>Reads a context; relative file paths are resolved against <paramref name="baseDirectory"/>.</summary>
    /// <param name="kubeconfigYaml">The kubeconfig's text.</param>
    /// <param name="context">The context to read; null for the kubeconfig's current-context.</param>
    /// <param name="baseDirectory">The kubeconfig's directory (where kubectl resolves relative paths), or null.</param>
    /// <returns>The endpoint of the context's cluster with the context's user's credentials.</returns>
    public static ClusterEndpoint FromKubeconfig(string kubeconfigYaml, string? context, string? baseDirectory)
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

        var files = new FileReader(baseDirectory);
        var server = Scalar(cluster, "server")
            ?? throw Problem(cluster, $"cluster \"{clusterName}\" has no server: set clusters[].cluster.server to the API server's URL");
        var authority = DataOrFile(cluster, "certificate-authority-data", "certificate-authority", files);
        var insecure = Scalar(cluster, "insecure-skip-tls-verify") is { } flag && bool.TryParse(flag, out var skip) && skip;
        if (user is null)
        {
            return new ClusterEndpoint(server, authority, insecure, null, null, null);
        }
        RejectUnsupportedAuth(user, userName!);
        var token = Scalar(user, "token") ?? ReadToken(user, files);
        var certificate = DataOrFile(user, "client-certificate-data", "client-certificate", files);
        var key = DataOrFile(user, "client-key-data", "client-key", files);
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

    private static string? ReadToken(YamlMappingNode user, FileReader files) =>
        Scalar(user, "tokenFile") is { } path ? files.ReadText(path, user, "tokenFile").Trim() : null;

    // kubeconfig fields come in pairs: inline base64 data, or a path to a PEM file (base64-encoded here).
    private static string? DataOrFile(YamlMappingNode node, string dataField, string fileField, FileReader files)
    {
        if (Scalar(node, dataField) is { Length: > 0 } data)
        {
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
        return Scalar(node, fileField) is { Length: > 0 } path
            ? Convert.ToBase64String(Encoding.UTF8.GetBytes(files.ReadText(path, node, fileField)))
            : null;
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

    /// <summary>Reads files named in the kubeconfig, relative to its directory when one is known.</summary>
    private sealed class FileReader(string? baseDirectory)
    {
        public string ReadText(string path, YamlNode node, string field)
        {
            var full = Path.IsPathRooted(path) || baseDirectory is null ? path : Path.Combine(baseDirectory, path);
            try
            {
                return File.ReadAllText(full);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Problem(node, $"{field} names \"{full}\", which cannot be read ({e.Message}): copy its content into the " +
                    $"matching *-data field or make the file readable");
            }
        }
    }
}
