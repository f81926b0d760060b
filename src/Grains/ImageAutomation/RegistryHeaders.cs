namespace Fleet.Grains.ImageAutomation;

/// <summary>A challenge of a registry's 401 answer: its scheme (Basic, Bearer) and parameters (realm, service, scope).</summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public string? Realm => Parameters.GetValueOrDefault("realm");
    public string? Service => Parameters.GetValueOrDefault("service");
    public string? Scope => Parameters.GetValueOrDefault("scope");
}

/// <summary>Pure parsers of the two headers the distribution API relies on: WWW-Authenticate and Link.</summary>
public static class RegistryHeaders
{
    /// <summary>
    /// The challenges of a WWW-Authenticate value (RFC 7235): <c>Bearer realm="https://auth/token",service="reg",
    /// scope="repository:team/web:pull"</c>. Quoted values may hold commas and escaped quotes; several challenges may
    /// share one header.
    /// </summary>
    public static IReadOnlyList<AuthChallenge> ParseChallenges(string? header)
    {
        var challenges = new List<AuthChallenge>();
        if (string.IsNullOrWhiteSpace(header))
        {
            return challenges;
        }
        var i = 0;
        string? scheme = null;
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (i < header.Length)
        {
            SkipSeparators(header, ref i);
            if (i >= header.Length)
            {
                break;
            }
            var token = ReadToken(header, ref i);
            SkipSpaces(header, ref i);
            if (i < header.Length && header[i] == '=' && scheme is not null)
            {
                i++;
                SkipSpaces(header, ref i);
                parameters[token] = i < header.Length && header[i] == '"' ? ReadQuoted(header, ref i) : ReadToken(header, ref i);
            }
            else if (token.Length > 0)
            {
                // A token without '=' starts the next challenge.
                if (scheme is not null)
                {
                    challenges.Add(new AuthChallenge(scheme, parameters));
                    parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                }
                scheme = token;
            }
            else
            {
                i++; // a stray character: skip it rather than loop
            }
        }
        if (scheme is not null)
        {
            challenges.Add(new AuthChallenge(scheme, parameters));
        }
        return challenges;
    }

    /// <summary>
    /// The target of the <c>rel="next"</c> link of a Link header (RFC 8288), resolved against <paramref name="requestUri"/>
    /// (registries send a path such as <c>&lt;/v2/team/web/tags/list?last=b&amp;n=2&gt;; rel="next"</c>); null on the last page.
    /// </summary>
    public static Uri? NextLink(string? header, Uri requestUri)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }
        var i = 0;
        while (i < header.Length)
        {
            var open = header.IndexOf('<', i);
            if (open < 0)
            {
                return null;
            }
            var close = header.IndexOf('>', open);
            if (close < 0)
            {
                return null;
            }
            var target = header[(open + 1)..close];
            // The link's parameters run to the next comma outside quotes.
            var end = close + 1;
            var inQuotes = false;
            while (end < header.Length && (inQuotes || header[end] != ','))
            {
                inQuotes ^= header[end] == '"';
                end++;
            }
            var parameters = header[(close + 1)..end];
            foreach (var parameter in parameters.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var eq = parameter.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0 || !parameter[..eq].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                var rels = parameter[(eq + 1)..].Trim().Trim('"').Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (rels.Contains("next", StringComparer.OrdinalIgnoreCase) && Uri.TryCreate(requestUri, target, out var next))
                {
                    return next;
                }
            }
            i = end + 1;
        }
        return null;
    }

    private static void SkipSeparators(string s, ref int i)
    {
        while (i < s.Length && (s[i] == ' ' || s[i] == ',' || s[i] == '\t'))
        {
            i++;
        }
    }

    private static void SkipSpaces(string s, ref int i)
    {
        while (i < s.Length && (s[i] == ' ' || s[i] == '\t'))
        {
            i++;
        }
    }

    private static string ReadToken(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && s[i] is not (' ' or '\t' or ',' or '=' or '"'))
        {
            i++;
        }
        return s[start..i];
    }

    private static string ReadQuoted(string s, ref int i)
    {
        var value = new System.Text.StringBuilder();
        i++; // opening quote
        while (i < s.Length && s[i] != '"')
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                i++;
            }
            value.Append(s[i]);
            i++;
        }
        i++; // closing quote
        return value.ToString();
    }
}
