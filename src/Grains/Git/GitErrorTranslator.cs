using LibGit2Sharp;

namespace Fleet.Grains.Git;

/// <summary>
/// Turns libgit2's terse errors into <see cref="GitException"/>s that name the repository and say what to check.
/// libgit2 reports network and authentication failures as plain <see cref="LibGit2SharpException"/>s, so the cause is
/// recognised from the message text.
/// </summary>
internal static class GitErrorTranslator
{
    // Ordered: the first phrase found in libgit2's message (compared case-insensitively) decides the reason.
    private static readonly (string Phrase, string Reason, string Cause)[] KnownCauses =
    [
        ("connection refused", GitFailureReasons.Unreachable, "connection refused"),
        ("failed to resolve address", GitFailureReasons.Unreachable, "host name not found"),
        ("could not resolve", GitFailureReasons.Unreachable, "host name not found"),
        ("name or service not known", GitFailureReasons.Unreachable, "host name not found"),
        ("network is unreachable", GitFailureReasons.Unreachable, "network is unreachable"),
        ("no route to host", GitFailureReasons.Unreachable, "no route to host"),
        ("timed out", GitFailureReasons.Unreachable, "connection timed out"),
        ("certificate", GitFailureReasons.Unreachable, "the server's TLS certificate was rejected"),
        ("ssl", GitFailureReasons.Unreachable, "TLS handshake failed"),
        ("failed to connect", GitFailureReasons.Unreachable, "connection failed"),
        ("failed to resolve path", GitFailureReasons.Unreachable, "no such path on this machine"),
        ("could not find repository", GitFailureReasons.Unreachable, "no Git repository at that path"),
        // libgit2 says this for a local path that does not exist as well as for an unknown scheme.
        ("unsupported url protocol", GitFailureReasons.Unreachable,
            "no such folder on this machine, or an unsupported URL scheme (use https://, http://, git://, ssh:// or a local path)"),
        ("authentication", GitFailureReasons.AuthenticationFailed, ""),
        ("code: 401", GitFailureReasons.AuthenticationFailed, ""),
        ("code: 403", GitFailureReasons.AuthenticationFailed, ""),
        ("permission denied", GitFailureReasons.AuthenticationFailed, ""),
        ("credential", GitFailureReasons.AuthenticationFailed, ""),
        ("code: 404", GitFailureReasons.RepositoryNotFound, ""),
        ("repository not found", GitFailureReasons.RepositoryNotFound, ""),
        ("no such repository", GitFailureReasons.RepositoryNotFound, ""),
        ("not exported", GitFailureReasons.RepositoryNotFound, ""),
        ("does not appear to be a git repository", GitFailureReasons.RepositoryNotFound, ""),
    ];

    /// <summary>Describes a failure of <paramref name="operation"/> (for example "fetch") on <paramref name="location"/>.</summary>
    public static GitException Translate(Exception exception, string operation, RemoteLocation location, GitCredentials? credentials)
    {
        if (exception is GitException known)
        {
            return known;
        }

        var gitMessage = location.Redact(exception.Message.Trim(), credentials);
        // The URL itself must not decide the cause (a host named "ssl-git" or a port like 4040).
        var withoutUrl = gitMessage.Replace(location.Display, string.Empty, StringComparison.Ordinal);
        foreach (var (phrase, reason, cause) in KnownCauses)
        {
            if (withoutUrl.Contains(phrase, StringComparison.OrdinalIgnoreCase))
            {
                return new GitException(reason, Describe(reason, cause, operation, location, credentials, gitMessage));
            }
        }

        return new GitException(GitFailureReasons.Failed, $"git {operation} of {location.Display} failed: {gitMessage}");
    }

    /// <summary>The failure for an operation that ran longer than the configured timeout.</summary>
    public static GitException TimedOut(string operation, RemoteLocation location, TimeSpan timeout) =>
        new(GitFailureReasons.Timeout,
            $"git {operation} of {location.Display} did not finish within {timeout.TotalSeconds:0.#} s; check that the server " +
            "responds, or raise GitMirrorOptions.Timeout for very large repositories");

    private static string Describe(
        string reason, string cause, string operation, RemoteLocation location, GitCredentials? credentials, string gitMessage) =>
        reason switch
        {
            GitFailureReasons.Unreachable =>
                $"cannot reach {location.Display}: {cause}; check the URL, the network and that the Git server is up",
            GitFailureReasons.AuthenticationFailed when credentials is null =>
                $"authentication failed for {location.Display}: the server asks for credentials and none are configured " +
                $"for this repository (git {operation}: {gitMessage})",
            GitFailureReasons.AuthenticationFailed =>
                $"authentication failed for {location.Display} as user '{credentials.Username ?? GitMirror.TokenUsername}': " +
                $"check the user name and password or token and its access to this repository (git {operation}: {gitMessage})",
            _ =>
                $"no repository at {location.Display}: check the repository name and path in the URL (git {operation}: {gitMessage})",
        };
}
