namespace Fleet.Reconciler.Kubernetes;

/// <summary>
/// The API server answered with a failure that retrying will not fix (400, 403, 404, 409, 410, 422...): the request
/// or the object needs to change.
/// </summary>
/// <param name="code">The HTTP status code (the Status object's <c>code</c>).</param>
/// <param name="reason">The Status object's <c>reason</c> (<c>NotFound</c>, <c>Conflict</c>, <c>Invalid</c>...).</param>
/// <param name="message">What failed and why, with the API server's own message.</param>
public sealed class KubernetesApiException(int code, string reason, string message) : Exception(message)
{
    /// <summary>The HTTP status code (the Status object's <c>code</c>).</summary>
    public int Code { get; } = code;

    /// <summary>The Status object's <c>reason</c> (<c>NotFound</c>, <c>Conflict</c>, <c>Invalid</c>...).</summary>
    public string Reason { get; } = reason;
}
