namespace Fleet.Grains.Git;

/// <summary>Credentials for an http(s) Git remote: a user name and a password or access token.</summary>
/// <param name="Username">The user name; when null, <c>x-access-token</c> is sent, which token-based hosts accept.</param>
/// <param name="Password">The password or access token. Never logged and never put into exception messages.</param>
public sealed record GitCredentials(string? Username, string? Password)
{
    /// <summary>Keeps the password out of logs and debugger displays that print the record.</summary>
    public override string ToString() => $"GitCredentials {{ Username = {Username}, Password = *** }}";
}

/// <summary>A Git repository and the branch Fleet follows in it.</summary>
/// <param name="Url">
/// An https://, http://, git:// or ssh:// URL (ssh uses the system ssh client and its keys), or a local path.
/// </param>
/// <param name="Branch">The branch name, for example <c>main</c> (not <c>refs/heads/main</c>).</param>
/// <param name="Credentials">Credentials for http(s) remotes; null for anonymous access.</param>
public sealed record GitSource(string Url, string Branch, GitCredentials? Credentials = null);
