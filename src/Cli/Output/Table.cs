namespace Fleet.Cli.Output;

/// <summary>A kubectl-style table: upper-case headers, columns left-aligned and separated by three spaces.</summary>
public sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    /// <summary>Columns whose cells are status words (Synced, Healthy, Degraded...) coloured on a terminal.</summary>
    public HashSet<int> StatusColumns { get; } = [];

    /// <summary>The number of rows added.</summary>
    public int Count => _rows.Count;

    /// <summary>Adds a row; missing cells print as empty, null cells as "-".</summary>
    public Table Add(params string?[] cells)
    {
        _rows.Add([.. Enumerable.Range(0, headers.Length).Select(i => i < cells.Length ? cells[i] ?? "-" : "")]);
        return this;
    }

    /// <summary>Writes the table; trailing spaces are trimmed so that the output diffs cleanly.</summary>
    public void Write(TextWriter writer, bool colors)
    {
        var widths = headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        writer.WriteLine(Line(headers, widths, colors: false));
        foreach (var row in _rows)
        {
            writer.WriteLine(Line(row, widths, colors));
        }
    }

    private string Line(string[] cells, int[] widths, bool colors)
    {
        var parts = cells.Select((cell, i) =>
        {
            var padded = i == cells.Length - 1 ? cell : cell.PadRight(widths[i]);
            return colors && StatusColumns.Contains(i) ? Colors.Status(cell, padded) : padded;
        });
        return string.Join("   ", parts).TrimEnd();
    }
}

/// <summary>ANSI colours for status words, used only when the output is a terminal.</summary>
public static class Colors
{
    /// <summary>Wraps <paramref name="padded"/> in the colour that <paramref name="word"/> deserves.</summary>
    public static string Status(string word, string padded)
    {
        var code = word switch
        {
            "Synced" or "Healthy" or "Connected" or "Succeeded" or "True" => "32",
            "Progressing" or "Suspended" or "Unknown" => "33",
            "OutOfSync" or "Degraded" or "Missing" or "Unreachable" or "Failed" => "31",
            _ => null,
        };
        return code is null ? padded : $"\u001b[{code}m{padded}\u001b[0m";
    }
}
