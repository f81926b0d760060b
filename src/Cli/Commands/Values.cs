using System.Globalization;
using System.Text.RegularExpressions;

namespace Fleet.Cli.Commands;

/// <summary>Parses command-line values that System.CommandLine has no type for: labels and durations.</summary>
public static partial class Values
{
    /// <summary>Parses repeated <c>key=value</c> flags; a malformed one is a usage error naming the flag.</summary>
    public static Dictionary<string, string> Labels(string flag, IEnumerable<string>? pairs)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs ?? [])
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw CliException.Usage($"{flag}: \"{pair}\" must be key=value");
            }
            var key = pair[..equals];
            if (!labels.TryAdd(key, pair[(equals + 1)..]))
            {
                throw CliException.Usage($"{flag}: the key \"{key}\" is given twice");
            }
        }
        return labels;
    }

    /// <summary>Parses a duration: <c>90s</c>, <c>5m</c>, <c>1h30m</c>, <c>500ms</c>, or a number of seconds.</summary>
    public static TimeSpan Duration(string flag, string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }
        var parts = DurationPart().Matches(text);
        if (parts.Count == 0 || string.Concat(parts.Select(p => p.Value)) != text)
        {
            throw CliException.Usage($"{flag}: \"{text}\" is not a duration (examples: 30s, 5m, 1h30m)");
        }
        var total = TimeSpan.Zero;
        foreach (Match part in parts)
        {
            var amount = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            total += part.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromHours(amount),
            };
        }
        return total;
    }

    /// <summary>A duration as people write it: 45s, 5m, 1h2m.</summary>
    public static string Format(TimeSpan span) => span switch
    {
        { TotalSeconds: < 1 } => $"{span.TotalMilliseconds:0}ms",
        { TotalMinutes: < 1 } => $"{span.TotalSeconds:0.#}s",
        { TotalHours: < 1 } => span.Seconds == 0 ? $"{(int)span.TotalMinutes}m" : $"{(int)span.TotalMinutes}m{span.Seconds}s",
        _ => span.Minutes == 0 ? $"{(int)span.TotalHours}h" : $"{(int)span.TotalHours}h{span.Minutes}m",
    };

    /// <summary>How long ago <paramref name="time"/> was, kubectl style (AGE column).</summary>
    public static string Age(DateTimeOffset? time) => time is { } t
        ? Format(TimeSpan.FromSeconds(Math.Max(0, Math.Floor((DateTimeOffset.UtcNow - t).TotalSeconds))))
        : "-";

    /// <summary>The first 7 characters of a commit SHA; names (branches, tags) stay whole.</summary>
    public static string? Short(string? revision) =>
        revision is { Length: 40 } && revision.All(Uri.IsHexDigit) ? revision[..7] : revision;

    /// <summary>Labels as <c>k=v,k2=v2</c>, sorted.</summary>
    public static string Join(IReadOnlyDictionary<string, string>? labels) =>
        labels is null || labels.Count == 0 ? "-" : string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|h|m|s)")]
    private static partial Regex DurationPart();
}
