namespace Fleet.Simulator.Discovery;

/// <summary>
/// Reads an HTTP <c>Accept</c> header the way the API server does for its alternative representations:
/// a comma-separated list of media ranges, each <c>type/subtype</c> with <c>;key=value</c> parameters.
/// </summary>
public static class AcceptHeader
{
    /// <summary>
    /// True when some <c>application/json</c> range in <paramref name="accept"/> carries every parameter in
    /// <paramref name="required"/> (keys case-insensitive, values exact, order free) and is not refused with <c>q=0</c>.
    /// </summary>
    /// <param name="accept">The raw header; null or empty means the client takes anything.</param>
    /// <param name="required">Parameter pairs that must all be present on one range.</param>
    public static bool HasJsonRange(string? accept, params (string Key, string Value)[] required)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return false;
        }

        foreach (var range in accept.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = range.Split(';', StringSplitOptions.TrimEntries);
            if (!string.Equals(parts[0], "application/json", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var parameters = Parameters(parts.Skip(1));
            if (parameters.TryGetValue("q", out var q) && q is "0" or "0.0" or "0.00" or "0.000")
            {
                continue;
            }

            if (required.All(r => parameters.TryGetValue(r.Key, out var value) && value == r.Value))
            {
                return true;
            }
        }

        return false;
    }

    private static Dictionary<string, string> Parameters(IEnumerable<string> pairs)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                result[pair[..eq].Trim()] = pair[(eq + 1)..].Trim().Trim('"');
            }
        }

        return result;
    }
}
