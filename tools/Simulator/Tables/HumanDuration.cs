using System.Globalization;

namespace Fleet.Simulator.Tables;

/// <summary>
/// Durations as kubectl prints them in AGE-like columns: two significant units at most while the finer one still
/// matters (<c>5m30s</c>, <c>3h20m</c>, <c>2d5h</c>), one unit otherwise (<c>45s</c>, <c>15m</c>, <c>10h</c>, <c>30d</c>).
/// </summary>
public static class HumanDuration
{
    /// <summary>Formats <paramref name="duration"/> the way apimachinery's duration.HumanDuration does.</summary>
    /// <param name="duration">The elapsed time.</param>
    public static string Format(TimeSpan duration)
    {
        // Go truncates toward zero when converting to whole units; so does a checked cast of the total.
        var seconds = (long)duration.TotalSeconds;
        if (seconds < -1)
        {
            // Clocks may disagree by a second; more than that in the future is a bad timestamp.
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 120)
        {
            return $"{seconds}s";
        }

        var minutes = seconds / 60;
        if (minutes < 10)
        {
            return Join(minutes, "m", seconds % 60, "s");
        }

        if (minutes < 180)
        {
            return $"{minutes}m";
        }

        var hours = minutes / 60;
        if (hours < 8)
        {
            return Join(hours, "h", minutes % 60, "m");
        }

        if (hours < 48)
        {
            return $"{hours}h";
        }

        var days = hours / 24;
        if (hours < 24 * 8)
        {
            return Join(days, "d", hours % 24, "h");
        }

        if (hours < 24 * 365 * 2)
        {
            return $"{days}d";
        }

        var years = days / 365;
        if (hours < 24 * 365 * 8)
        {
            return Join(years, "y", days % 365, "d");
        }

        return $"{years}y";
    }

    /// <summary>
    /// The age of an RFC 3339 timestamp at <paramref name="now"/>: <c>&lt;unknown&gt;</c> when it is missing,
    /// <c>&lt;invalid&gt;</c> when it cannot be read.
    /// </summary>
    /// <param name="timestamp">The timestamp, such as <c>metadata.creationTimestamp</c>.</param>
    /// <param name="now">The current time.</param>
    public static string Since(string? timestamp, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(timestamp))
        {
            return "<unknown>";
        }

        return TryParseTime(timestamp, out var time) ? Format(now - time) : "<invalid>";
    }

    /// <summary>Reads an RFC 3339 timestamp as UTC.</summary>
    /// <param name="timestamp">The text.</param>
    /// <param name="time">The parsed time.</param>
    public static bool TryParseTime(string? timestamp, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    private static string Join(long major, string majorUnit, long minor, string minorUnit) =>
        minor == 0 ? $"{major}{majorUnit}" : $"{major}{majorUnit}{minor}{minorUnit}";
}
