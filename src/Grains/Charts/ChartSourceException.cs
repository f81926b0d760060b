namespace Fleet.Grains.Charts;

/// <summary>
/// A Helm repository or registry could not give what was asked: <see cref="Reason"/> is the condition reason
/// (<c>Unreachable</c>, <c>Unauthorized</c>, <c>IndexInvalid</c>, <c>ChartNotFound</c>, <c>NoMatchingVersion</c>,
/// <c>DownloadFailed</c>, <c>DigestMismatch</c>, <c>ArchiveInvalid</c>), the message says what and why, never a credential.
/// </summary>
public sealed class ChartSourceException(string reason, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Reason { get; } = reason;
}
