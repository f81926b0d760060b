using System.Text.Json.Nodes;

namespace Fleet.Grains.Rendering;

/// <summary>One document of a source text: its root node (null for an empty document) and the line it starts on.</summary>
internal sealed record SourceDocument(JsonNode? Root, int Line);

/// <summary>The documents of one YAML or JSON text, with the line where each object (mapping) starts.</summary>
internal sealed class ParsedSource(IReadOnlyList<SourceDocument> documents, IReadOnlyDictionary<JsonNode, int> objectLines)
{
    /// <summary>The documents in the order they appear.</summary>
    public IReadOnlyList<SourceDocument> Documents { get; } = documents;

    /// <summary>The 1-based line where <paramref name="node"/> starts, when the parser saw it there.</summary>
    public int? LineOf(JsonNode node) => objectLines.TryGetValue(node, out var line) ? line : null;
}

/// <summary>A YAML or JSON text could not be read; <see cref="Line"/> is 1-based when known.</summary>
internal sealed class SourceParseException(int? line, string message) : Exception(message)
{
    /// <summary>The 1-based line of the problem when known.</summary>
    public int? Line { get; } = line;
}
