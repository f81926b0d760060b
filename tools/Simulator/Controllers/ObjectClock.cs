using System.Globalization;
using System.Text.Json.Nodes;
using Fleet.Simulator.Admission;

namespace Fleet.Simulator.Controllers;

/// <summary>
/// Time as the controllers read it from objects. Object timestamps have second precision, so a change written
/// during second S is taken to have happened at S+1: simulated delays are never shorter than configured
/// (they may be up to a second longer), and replaying the same object at the same time gives the same answer.
/// </summary>
internal static class ObjectClock
{
    /// <summary>RFC 3339 UTC at second precision, as the API server writes times.</summary>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset? Parse(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    /// <summary>
    /// When the object's desired state last changed: the latest of <c>creationTimestamp</c> and the times of its
    /// non-status managedFields entries, plus one second. Null when the object carries no timestamp at all.
    /// </summary>
    public static DateTimeOffset? Anchor(JsonObject obj)
    {
        var metadata = Json.Object(obj, "metadata");
        var latest = Parse(Json.String(metadata, "creationTimestamp"));
        foreach (var entry in Json.Objects(Json.Array(metadata, "managedFields")))
        {
            if (Json.String(entry, "subresource") is null or "" && Parse(Json.String(entry, "time")) is { } time && (latest is null || time > latest))
            {
                latest = time;
            }
        }
        return latest?.AddSeconds(1);
    }

    /// <summary>How many of <paramref name="count"/> items, one per <paramref name="delay"/> from <paramref name="anchor"/>, are done.</summary>
    public static int Paced(DateTimeOffset? anchor, DateTimeOffset now, TimeSpan delay, int count)
    {
        if (anchor is null || delay <= TimeSpan.Zero)
        {
            return count;
        }
        if (now < anchor)
        {
            return 0;
        }
        var done = (now - anchor.Value).Ticks / delay.Ticks;
        return (int)Math.Min(count, done);
    }

    /// <summary>The wait until item <paramref name="done"/>+1 is due, or null when all are done.</summary>
    public static TimeSpan? UntilNext(DateTimeOffset? anchor, DateTimeOffset now, TimeSpan delay, int done, int count)
    {
        if (anchor is null || done >= count)
        {
            return null;
        }
        var due = anchor.Value + (delay * (done + 1));
        return Positive(due - now);
    }

    /// <summary>A wait that is never zero or negative, so a host never spins.</summary>
    public static TimeSpan Positive(TimeSpan wait) => wait > TimeSpan.FromMilliseconds(1) ? wait : TimeSpan.FromMilliseconds(1);
}
