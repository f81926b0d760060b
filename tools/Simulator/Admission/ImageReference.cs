namespace Fleet.Simulator.Admission;

/// <summary>The parts of a container image reference that defaulting and the simulated kubelet care about.</summary>
public static class ImageReference
{
    /// <summary>
    /// The tag of <paramref name="image"/>: <c>latest</c> when there is neither tag nor digest (as the server assumes),
    /// empty when only a digest is given.
    /// </summary>
    public static string Tag(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var name = at >= 0 ? image[..at] : image;
        var slash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        if (colon > slash)
        {
            return name[(colon + 1)..];
        }
        return at >= 0 ? "" : "latest";
    }

    /// <summary>The registry host, or empty for Docker Hub short names (a first segment without '.', ':' and not <c>localhost</c>).</summary>
    public static string Host(string image)
    {
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return "";
        }
        var first = image[..slash];
        var isHost = first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost";
        if (!isHost)
        {
            return "";
        }
        var port = first.IndexOf(':', StringComparison.Ordinal);
        return port >= 0 ? first[..port] : first;
    }
}
