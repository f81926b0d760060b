using System.Text.Json.Nodes;

namespace Fleet.Kubernetes.Yaml;

/// <summary>One document of a YAML text: its root (null for an empty document) and the 1-based line it starts on.</summary>
public sealed record YamlDocument(JsonNode? Root, int Line);

/// <summary>The documents of one YAML text, with the line where each object (mapping) starts.</summary>
public sealed class YamlDocuments(IReadOnlyList<YamlDocument> documents, IReadOnlyDictionary<JsonNode, int> objectLines)
{
    /// <summary>The documents in the order they appear.</summary>
    public IReadOnlyList<YamlDocument> Documents { get; } = documents;

    /// <summary>The line of every object (mapping) read, by node identity.</summary>
    public IReadOnlyDictionary<JsonNode, int> ObjectLines { get; } = objectLines;

    /// <summary>The 1-based line where <paramref name="node"/> starts, when the reader saw it there.</summary>
    public int? LineOf(JsonNode node) => ObjectLines.TryGetValue(node, out var line) ? line : null;
}

/// <summary>A YAML text could not be read, or holds a value JSON cannot (<c>.inf</c>); <see cref="Line"/> is 1-based.</summary>
public sealed class YamlReadException(int line, string message) : Exception(message)
{
    /// <summary>The 1-based line of the problem.</summary>
    public int Line { get; } = line;
}
