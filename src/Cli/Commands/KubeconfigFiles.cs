using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Fleet.Cli.Commands;

/// <summary>
/// Inlines the files a kubeconfig names (<c>certificate-authority</c>, <c>client-certificate</c>, <c>client-key</c>,
/// <c>tokenFile</c>) as their <c>*-data</c> and <c>token</c> fields, read here, on the machine of the person who
/// runs the command. The server refuses file references: it must never read its own disk for a caller.
/// </summary>
public static class KubeconfigFiles
{
    // (file field, inline field, whether the inline field holds base64) per section of a kubeconfig.
    private static readonly (string File, string Data, bool Base64)[] ClusterFields = [("certificate-authority", "certificate-authority-data", true)];

    private static readonly (string File, string Data, bool Base64)[] UserFields =
    [
        ("client-certificate", "client-certificate-data", true),
        ("client-key", "client-key-data", true),
        ("tokenFile", "token", false),
    ];

    /// <summary>The kubeconfig with every file reference replaced by the file's content.</summary>
    /// <param name="kubeconfigYaml">The kubeconfig's text.</param>
    /// <param name="baseDirectory">The kubeconfig's directory: kubectl resolves relative paths against it.</param>
    /// <returns>The same kubeconfig, unchanged when it names no file.</returns>
    public static string Inline(string kubeconfigYaml, string baseDirectory)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(kubeconfigYaml));
        }
        catch (YamlException)
        {
            // The server names the line and column of the syntax error; this command adds nothing to that.
            return kubeconfigYaml;
        }
        if (stream.Documents.FirstOrDefault()?.RootNode is not YamlMappingNode root)
        {
            return kubeconfigYaml;
        }
        var changed = InlineSection(root, "clusters", "cluster", ClusterFields, baseDirectory)
            | InlineSection(root, "users", "user", UserFields, baseDirectory);
        if (!changed)
        {
            return kubeconfigYaml;
        }
        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static bool InlineSection(YamlMappingNode root, string list, string body,
        (string File, string Data, bool Base64)[] fields, string baseDirectory)
    {
        var changed = false;
        var entries = Child(root, list) as YamlSequenceNode;
        foreach (var entry in entries?.Children.OfType<YamlMappingNode>() ?? [])
        {
            if (Child(entry, body) is not YamlMappingNode section)
            {
                continue;
            }
            foreach (var (file, data, base64) in fields)
            {
                if (Child(section, file) is not YamlScalarNode { Value: { Length: > 0 } path })
                {
                    continue;
                }
                // Inline data wins over a file in kubectl, so a file next to data is dropped unread.
                if (Child(section, data) is not YamlScalarNode { Value.Length: > 0 })
                {
                    var content = Read(path, baseDirectory, $"{list}[].{body}.{file}");
                    section.Children[new YamlScalarNode(data)] = new YamlScalarNode(base64
                        ? Convert.ToBase64String(content)
                        : Encoding.UTF8.GetString(content).Trim());
                }
                section.Children.Remove(new YamlScalarNode(file));
                changed = true;
            }
        }
        return changed;
    }

    private static byte[] Read(string path, string baseDirectory, string field)
    {
        var full = Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path);
        try
        {
            return File.ReadAllBytes(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"--kubeconfig: {field} names {full}, which cannot be read ({e.Message})");
        }
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
}
