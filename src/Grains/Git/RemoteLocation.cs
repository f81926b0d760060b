using System.Security.Cryptography;
using System.Text;

namespace Fleet.Grains.Git;

/// <summary>
/// Where a repository lives, in the three forms the mirror needs: what libgit2 is given, what people are shown (no
/// credentials), and the stable key its local mirror folder is named after.
/// </summary>
internal sealed class RemoteLocation
{
    private RemoteLocation(string address, string display)
    {
        Address = address;
        Display = display;
        Key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(display)))[..32];
    }

    /// <summary>The URL or absolute local path handed to libgit2 (it may carry user info the owner put there).</summary>
    public string Address { get; }

    /// <summary>The URL without user name or password, safe for messages and logs.</summary>
    public string Display { get; }

    /// <summary>A file-name-safe hash of <see cref="Display"/>: one mirror per repository, whatever credentials reach it.</summary>
    public string Key { get; }

    /// <summary>Reads <paramref name="url"/>: a URL with a scheme, an scp-like <c>user@host:path</c>, or a local path.</summary>
    /// <exception cref="ArgumentException">The URL is empty.</exception>
    public static RemoteLocation Parse(string url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new ArgumentException("The repository URL is empty; give an https://, http://, git://, ssh:// URL or a local path.", nameof(url));
        }

        var trimmed = url.Trim();
        if (trimmed.Contains("://", StringComparison.Ordinal))
        {
            return new RemoteLocation(trimmed, WithoutUserInfo(trimmed));
        }

        if (IsScpLike(trimmed))
        {
            // user@host:path carries only a user name, which is not a secret and tells people which account is used.
            return new RemoteLocation(trimmed, trimmed);
        }

        var fullPath = Path.GetFullPath(trimmed);
        return new RemoteLocation(fullPath, fullPath);
    }

    /// <summary>Replaces every occurrence of a secret in <paramref name="text"/> so Git's own messages cannot leak it.</summary>
    public string Redact(string text, GitCredentials? credentials)
    {
        var redacted = text.Replace(Address, Display, StringComparison.Ordinal);
        if (!string.IsNullOrEmpty(credentials?.Password))
        {
            redacted = redacted.Replace(credentials.Password, "***", StringComparison.Ordinal);
        }

        return redacted;
    }

    private static string WithoutUserInfo(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var authorityEnd = url.IndexOf('/', schemeEnd);
        var authority = authorityEnd < 0 ? url[schemeEnd..] : url[schemeEnd..authorityEnd];
        var at = authority.LastIndexOf('@');
        return at < 0 ? url : url[..schemeEnd] + url[(schemeEnd + at + 1)..];
    }

    private static bool IsScpLike(string url)
    {
        // git's rule: a colon before any slash means host:path, unless it is a Windows drive letter (C:\repo).
        var colon = url.IndexOf(':');
        var slash = url.IndexOf('/');
        return colon > 1 && (slash < 0 || colon < slash);
    }
}
