namespace Fleet.Reconciler.Kubernetes;

/// <summary>
/// The API server could not be reached or kept failing (connection refused or reset, timeout, 5xx, 429 after the
/// retries), or it rejected Fleet's credentials. The cluster as a whole is in trouble, not one object.
/// </summary>
/// <param name="reason">One of <see cref="UnreachableReason"/>.</param>
/// <param name="message">What happened, in one sentence a person can act on (never a credential).</param>
/// <param name="inner">The transport error, when there was one.</param>
public sealed class ClusterUnreachableException(string reason, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>One of <see cref="UnreachableReason"/>.</summary>
    public string Reason { get; } = reason;
}

/// <summary>Values of <see cref="ClusterUnreachableException.Reason"/>.</summary>
public static class UnreachableReason
{
    /// <summary>No connection could be made or it broke (refused, reset, DNS, TLS handshake).</summary>
    public const string ConnectionFailed = "ConnectionFailed";

    /// <summary>No complete answer within the request timeout.</summary>
    public const string Timeout = "Timeout";

    /// <summary>The API server kept answering 500, 502, 503 or 504.</summary>
    public const string ServerError = "ServerError";

    /// <summary>The API server kept answering 429 Too Many Requests.</summary>
    public const string Throttled = "Throttled";

    /// <summary>The API server answered 401: the token or client certificate is wrong or expired.</summary>
    public const string Unauthorized = "Unauthorized";
}
