using Fleet.Kubernetes.Yaml;

namespace Fleet.Grains.Rendering;

/// <summary>Reads a YAML source file through the shared <see cref="YamlReader"/>, in the renderer's terms.</summary>
internal static class YamlSourceReader
{
    /// <summary>Parses <paramref name="text"/>. Throws <see cref="SourceParseException"/> with the line of the problem.</summary>
    /// <param name="text">The YAML stream.</param>
    /// <param name="maxExpandedBytes">How many bytes of keys and values it may expand to through aliases; 16 MiB when null.</param>
    public static ParsedSource Read(string text, long? maxExpandedBytes = null)
    {
        YamlDocuments documents;
        try
        {
            documents = YamlReader.Read(text, maxExpandedBytes is { } bytes ? YamlReadLimits.Default with { MaxExpandedBytes = bytes } : null);
        }
        catch (YamlReadException exception)
        {
            throw new SourceParseException(exception.Line, exception.Message);
        }

        return new ParsedSource([.. documents.Documents.Select(d => new SourceDocument(d.Root, d.Line))], documents.ObjectLines);
    }
}
