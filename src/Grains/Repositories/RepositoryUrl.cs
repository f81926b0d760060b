namespace Fleet.Grains.Repositories;

/// <summary>
/// Normalises Git remote URLs so that the forms a webhook names (https, ssh, git://, scp-like user@host:path) match
/// the form a repository was registered with: scheme, user info and port are ignored, the host is lower-cased, and
/// a trailing "/" or ".git" is dropped. Local paths keep their case.
/// </summary>
public static class RepositoryUrl
{
    /// <summary>The comparison key of <paramref name="url"/>, or null when it is empty.</summary>
    public static string? Normalize(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }
        var text = url.Trim();
        string host;
        string path;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme != Uri.UriSchemeFile && !string.IsNullOrEmpty(uri.Host))
        {
            host = uri.Host.ToLowerInvariant();
            path = Uri.UnescapeDataString(uri.AbsolutePath);
        }
        else if (uri is { IsFile: true })
        {
            host = "";
            path = uri.LocalPath;
        }
        else if (!Path.IsPathRooted(text) && text.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
        {
            // scp-like: [user@]host:path
            var authority = text[..colon];
            host = authority[(authority.LastIndexOf('@') + 1)..].ToLowerInvariant();
            path = "/" + text[(colon + 1)..].TrimStart('/');
        }
        else
        {
            host = "";
            path = text;
        }
        path = path.TrimEnd('/');
        if (path.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^4].TrimEnd('/');
        }
        return host + path;
    }
}
