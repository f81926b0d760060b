namespace Fleet.Grains.Rendering;

/// <summary>
/// Splits what <c>helm template</c> prints into the output of each template: helm writes <c># Source: chart/templates/x.yaml</c>
/// before every document, so each object can be traced to the template that made it.
/// </summary>
internal static class HelmOutput
{
    private const string SourcePrefix = "# Source: ";

    /// <summary>The documents grouped by the template that produced them, in output order.</summary>
    /// <returns>Pairs of helm's name for the template (null before the first source line) and the text it produced.</returns>
    public static IReadOnlyList<(string? Source, string Text)> Split(string output)
    {
        var chunks = new List<(string? Source, string Text)>();
        string? source = null;
        var start = 0;
        var position = 0;
        while (position < output.Length)
        {
            var end = output.IndexOf('\n', position);
            var next = end < 0 ? output.Length : end + 1;
            if (string.CompareOrdinal(output, position, SourcePrefix, 0, SourcePrefix.Length) == 0)
            {
                var name = output[(position + SourcePrefix.Length)..next].Trim();
                if (name != source)
                {
                    Add(chunks, source, output[start..position]);
                    source = name;
                    start = position;
                }
            }

            position = next;
        }

        Add(chunks, source, output[start..]);
        return chunks;
    }

    private static void Add(List<(string? Source, string Text)> chunks, string? source, string text)
    {
        if (!string.IsNullOrWhiteSpace(text.Replace("---", "", StringComparison.Ordinal)))
        {
            chunks.Add((source, text));
        }
    }
}
