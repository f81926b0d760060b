using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Fleet.Kubernetes.Yaml;

namespace Fleet.Grains.Charts;

/// <summary>
/// Reads a Helm repository's <c>index.yaml</c> (<c>apiVersion: v1</c>, <c>entries: {chart: [{version, urls, digest}]}</c>)
/// into a <see cref="ChartIndex"/>. Pure: the text comes from the caller. Entries without a version or URL are skipped
/// (Helm skips them too); a text that is not an index is an error naming what is wrong.
/// </summary>
public static class ChartIndexReader
{
    /// <summary>Aliases in an index are allowed but held to these bounds; a real index of thousands of versions fits.</summary>
    public static readonly YamlReadLimits Limits = new() { MaxNodes = 5_000_000, MaxExpandedBytes = 64L * 1024 * 1024 };

    /// <summary>The index in <paramref name="text"/>. Throws <see cref="ChartSourceException"/> when it is not one.</summary>
    public static ChartIndex Read(string text)
    {
        JsonNode? root;
        try
        {
            var documents = YamlReader.Read(text, Limits).Documents;
            root = documents.Count > 0 ? documents[0].Root : null;
        }
        catch (YamlReadException e)
        {
            throw new ChartSourceException("IndexInvalid", $"index.yaml is not valid YAML (line {e.Line}: {e.Message})");
        }
        if (root is not JsonObject index || index["entries"] is not JsonObject entries)
        {
            throw new ChartSourceException("IndexInvalid", "index.yaml has no \"entries\" mapping; is the URL a Helm repository?");
        }
        var charts = new SortedDictionary<string, IReadOnlyList<ChartEntry>>(StringComparer.Ordinal);
        foreach (var (name, list) in entries)
        {
            var versions = new List<ChartEntry>();
            foreach (var item in list as JsonArray ?? [])
            {
                if (item is not JsonObject entry || Text(entry["version"]) is not { Length: > 0 } version)
                {
                    continue;
                }
                var urls = (entry["urls"] as JsonArray ?? []).Select(Text).OfType<string>().Where(u => u.Length > 0).ToList();
                if (urls.Count == 0)
                {
                    continue;
                }
                versions.Add(new ChartEntry { Name = name, Version = version, Urls = urls, Digest = Digest(Text(entry["digest"])) });
            }
            if (versions.Count > 0)
            {
                charts[name] = versions;
            }
        }
        return Of(charts);
    }

    /// <summary>An index of the given charts with its fingerprint computed.</summary>
    public static ChartIndex Of(IReadOnlyDictionary<string, IReadOnlyList<ChartEntry>> charts)
    {
        var text = new StringBuilder();
        foreach (var (name, versions) in charts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            foreach (var entry in versions.OrderBy(v => v.Version, StringComparer.Ordinal))
            {
                text.Append(name).Append('\0').Append(entry.Version).Append('\0').Append(entry.Digest).Append('\0')
                    .AppendJoin(' ', entry.Urls).Append('\n');
            }
        }
        return new ChartIndex
        {
            Charts = new Dictionary<string, IReadOnlyList<ChartEntry>>(charts, StringComparer.Ordinal),
            Fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))),
        };
    }

    // Helm writes the digest as bare hex; registries and some tools prefix "sha256:". Anything else is not checked.
    private static string? Digest(string? text)
    {
        var hex = text?.Trim().ToLowerInvariant();
        if (hex?.StartsWith("sha256:", StringComparison.Ordinal) == true)
        {
            hex = hex["sha256:".Length..];
        }
        return hex is { Length: 64 } && hex.All(char.IsAsciiHexDigit) ? hex : null;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value ? value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString() : null;
}
