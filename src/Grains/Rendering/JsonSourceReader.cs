using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fleet.Grains.Rendering;

/// <summary>
/// Reads a <c>.json</c> file: one JSON value, with comments and trailing commas tolerated and duplicate keys rejected.
/// JSON is read by its own parser rather than as YAML because YAML forbids the tab indentation common in JSON files.
/// </summary>
internal static class JsonSourceReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        AllowDuplicateProperties = false,
    };

    /// <summary>Parses <paramref name="text"/>. Throws <see cref="SourceParseException"/> with the line of the problem.</summary>
    public static ParsedSource Read(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new ParsedSource([], new Dictionary<JsonNode, int>());
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, nodeOptions: null, DocumentOptions);
        }
        catch (JsonException exception)
        {
            // System.Text.Json counts lines from 0.
            var line = exception.LineNumber is { } zeroBased ? (int)zeroBased + 1 : (int?)null;
            throw new SourceParseException(line, FirstSentence(exception.Message));
        }

        var firstLine = 1 + text.AsSpan(0, text.Length - text.TrimStart().Length).Count('\n');
        var lines = new Dictionary<JsonNode, int>(ReferenceEqualityComparer.Instance);
        if (root is not null)
        {
            lines[root] = firstLine;
        }

        return new ParsedSource([new SourceDocument(root, firstLine)], lines);
    }

    // The exception's message repeats the position ("... LineNumber: 3 | BytePositionInLine: 7."), reported separately.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
