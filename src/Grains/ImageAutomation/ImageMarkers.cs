using System.Text;
using System.Text.RegularExpressions;

namespace Fleet.Grains.ImageAutomation;

/// <summary>Which part of an image reference a marker stands for.</summary>
public enum MarkerField
{
    /// <summary><c>{"$imagepolicy": "web"}</c>: the whole reference, <c>image:tag</c>.</summary>
    Reference,

    /// <summary><c>{"$imagepolicy": "web:tag"}</c>: the tag only.</summary>
    Tag,

    /// <summary><c>{"$imagepolicy": "web:name"}</c>: the image name only.</summary>
    Name,
}

/// <summary>A marked YAML value: where its text is in the file and which policy and field it follows.</summary>
/// <param name="Policy">The policy's name (without a Flux namespace).</param>
/// <param name="Field">Which part of the reference the value is.</param>
/// <param name="Line">The 1-based line, for messages.</param>
/// <param name="Start">The value's first character (inside quotes, if quoted).</param>
/// <param name="Length">The value's length in characters (without quotes).</param>
/// <param name="Value">The value as written now.</param>
public sealed record ImageMarker(string Policy, MarkerField Field, int Line, int Start, int Length, string Value);

/// <summary>What a policy stands for when its markers are rewritten.</summary>
public sealed record MarkerTarget(string Image, string Tag)
{
    public string Value(MarkerField field) => field switch
    {
        MarkerField.Tag => Tag,
        MarkerField.Name => Image,
        _ => $"{Image}:{Tag}",
    };
}

/// <summary>
/// Flux's image policy markers in YAML: a line comment <c># {"$imagepolicy": "POLICY[:tag|:name]"}</c> after a scalar
/// value (<c>image: web:1.0.0 # {...}</c> or a list item <c>- web:1.0.0 # {...}</c>). The policy may be written
/// Flux's way as <c>namespace:name</c>; only the name counts. Rewriting replaces exactly the marked values' characters
/// and keeps every other byte of the file: comments, order, quotes, line endings.
/// </summary>
public static partial class ImageMarkers
{
    /// <summary>The markers of one file, in order.</summary>
    public static IReadOnlyList<ImageMarker> Find(string text)
    {
        var markers = new List<ImageMarker>();
        var lineStart = 0;
        var lineNumber = 1;
        while (lineStart <= text.Length)
        {
            var newline = text.IndexOf('\n', lineStart);
            var lineEnd = newline < 0 ? text.Length : newline;
            if (FindInLine(text, lineStart, lineEnd, lineNumber) is { } marker)
            {
                markers.Add(marker);
            }
            if (newline < 0)
            {
                break;
            }
            lineStart = newline + 1;
            lineNumber++;
        }
        return markers;
    }

    /// <summary>
    /// The file with each marker whose policy has a target rewritten to it, and the changes made (old, new). Markers
    /// whose value is already current, and markers of policies without a target, are left alone.
    /// </summary>
    public static (string Text, IReadOnlyList<(ImageMarker Marker, string NewValue)> Changes) Rewrite(
        string text, IReadOnlyDictionary<string, MarkerTarget> targets)
    {
        var changes = new List<(ImageMarker, string)>();
        var result = new StringBuilder(text.Length + 64);
        var copied = 0;
        foreach (var marker in Find(text))
        {
            if (!targets.TryGetValue(marker.Policy, out var target))
            {
                continue;
            }
            var value = target.Value(marker.Field);
            if (value == marker.Value)
            {
                continue;
            }
            result.Append(text, copied, marker.Start - copied).Append(value);
            copied = marker.Start + marker.Length;
            changes.Add((marker, value));
        }
        result.Append(text, copied, text.Length - copied);
        return (changes.Count == 0 ? text : result.ToString(), changes);
    }

    /// <summary>The policy name and field of a marker's text: <c>web</c>, <c>web:tag</c>, <c>ns:web</c>, <c>ns:web:name</c>.</summary>
    public static (string Policy, MarkerField Field)? ParsePolicy(string text)
    {
        var parts = text.Split(':');
        var field = MarkerField.Reference;
        var count = parts.Length;
        if (count >= 2 && parts[^1] is "tag" or "name")
        {
            field = parts[^1] == "tag" ? MarkerField.Tag : MarkerField.Name;
            count--;
        }
        if (count is < 1 or > 2 || parts[count - 1].Length == 0)
        {
            return null;
        }
        return (parts[count - 1], field);
    }

    private static ImageMarker? FindInLine(string text, int lineStart, int lineEnd, int lineNumber)
    {
        var line = text[lineStart..lineEnd];
        var comment = MarkerComment().Match(line);
        if (!comment.Success || ParsePolicy(comment.Groups["policy"].Value) is not { } policy)
        {
            return null;
        }
        // The value sits between "key:" or "- " and the comment.
        var before = line[..comment.Index].TrimEnd();
        var valueStart = ValueStart(before);
        if (valueStart < 0 || valueStart >= before.Length)
        {
            return null;
        }
        var raw = before[valueStart..];
        var start = valueStart;
        var length = raw.Length;
        if (raw.Length >= 2 && (raw[0] == '"' && raw[^1] == '"' || raw[0] == '\'' && raw[^1] == '\''))
        {
            start++;
            length -= 2;
        }
        else if (raw[0] is '"' or '\'' or '{' or '[' or '|' or '>' or '&' or '*' or '!')
        {
            return null; // not a plain or quoted scalar: nothing Fleet can rewrite safely
        }
        return new ImageMarker(policy.Policy, policy.Field, lineNumber, lineStart + start, length, line.Substring(start, length));
    }

    /// <summary>Where the scalar starts in "key: value", "- value" or "- key: value"; -1 when the line has no value.</summary>
    private static int ValueStart(string before)
    {
        var i = 0;
        while (i < before.Length && before[i] == ' ')
        {
            i++;
        }
        // List items, possibly nested ("- - value").
        while (i + 1 < before.Length && before[i] == '-' && before[i + 1] == ' ')
        {
            i += 2;
            while (i < before.Length && before[i] == ' ')
            {
                i++;
            }
        }
        var key = KeyPrefix().Match(before, i);
        if (key.Success && key.Index == i)
        {
            i += key.Length;
        }
        else if (i == 0 || before[i - 1] != ' ')
        {
            return -1; // neither a list item nor a key: no value to mark
        }
        return i;
    }

    // `# {"$imagepolicy": "name"}` with any spacing; the JSON is matched loosely, as Flux's setters do.
    [GeneratedRegex(@"#\s*\{\s*""\$imagepolicy""\s*:\s*""(?<policy>[^""]+)""\s*\}\s*$")]
    private static partial Regex MarkerComment();

    // A plain or quoted mapping key followed by ": ".
    [GeneratedRegex(@"(?:""[^""]*""|'[^']*'|[^\s#'""][^:#]*?)\s*:\s+")]
    private static partial Regex KeyPrefix();
}
