namespace Fleet.Grains.Git;

/// <summary>
/// A Git failure: <see cref="Exception.Message"/> is a sentence a person can act on, <see cref="Reason"/> a short
/// machine-readable word from <see cref="GitFailureReasons"/> for conditions and metrics. Never contains a password.
/// </summary>
/// <param name="reason">One of <see cref="GitFailureReasons"/>.</param>
/// <param name="message">What went wrong and what to check, naming the repository URL without credentials.</param>
public sealed class GitException(string reason, string message) : Exception(message)
{
    /// <summary>The short machine reason, one of <see cref="GitFailureReasons"/>.</summary>
    public string Reason { get; } = reason;
}

/// <summary>The values of <see cref="GitException.Reason"/>.</summary>
public static class GitFailureReasons
{
    /// <summary>The host or path could not be reached (DNS, connection refused, TLS, no repository at a local path).</summary>
    public const string Unreachable = "Unreachable";

    /// <summary>The remote refused the credentials, or asked for credentials and none were given.</summary>
    public const string AuthenticationFailed = "AuthenticationFailed";

    /// <summary>The host answered but has no repository at that URL.</summary>
    public const string RepositoryNotFound = "RepositoryNotFound";

    /// <summary>The remote has no branch of that name.</summary>
    public const string BranchNotFound = "BranchNotFound";

    /// <summary>No branch, tag or commit matches the revision, even after fetching.</summary>
    public const string RevisionNotFound = "RevisionNotFound";

    /// <summary>The operation took longer than <see cref="GitMirrorOptions.Timeout"/>.</summary>
    public const string Timeout = "Timeout";

    /// <summary>Any other Git failure; the message carries Git's own words.</summary>
    public const string Failed = "Failed";
}
