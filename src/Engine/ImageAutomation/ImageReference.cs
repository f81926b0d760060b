namespace Fleet.Engine.ImageAutomation;

/// <summary>
/// Where an image's tags are listed: the registry host and the repository path in it. Follows Docker's rules: a first
/// part with a dot or a port, or <c>localhost</c>, is a registry; otherwise the image is on Docker Hub, where
/// one-part names live under <c>library/</c>.
/// </summary>
public sealed record ImageReference(string Registry, string Repository)
{
    private const string DockerHub = "registry-1.docker.io";

    /// <summary>Reads an image name without tag or digest; null when it is not one.</summary>
    public static ImageReference? TryParse(string? image)
    {
        if (string.IsNullOrWhiteSpace(image) || image.Contains('@', StringComparison.Ordinal) || image.Any(char.IsWhiteSpace)
            || image.Contains("://", StringComparison.Ordinal))
        {
            return null;
        }
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? null : image[..slash];
        string registry;
        string path;
        if (first is not null && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost"))
        {
            registry = first;
            path = image[(slash + 1)..];
        }
        else
        {
            registry = DockerHub;
            path = slash < 0 ? "library/" + image : image;
        }
        if (registry is "docker.io" or "index.docker.io")
        {
            registry = DockerHub;
            path = path.Contains('/', StringComparison.Ordinal) ? path : "library/" + path;
        }
        // A tag in the name (web:1.0) is not allowed: the repository's tags are what is listed.
        if (path.Length == 0 || path.Contains(':', StringComparison.Ordinal) || path.Split('/').Any(p => !ValidComponent(p)))
        {
            return null;
        }
        return new ImageReference(registry, path);
    }

    /// <summary>The URL of the first page of tags.</summary>
    public Uri TagsUrl(bool insecure, int? pageSize) =>
        new($"{(insecure ? "http" : "https")}://{Registry}/v2/{Repository}/tags/list{(pageSize is { } n ? $"?n={n}" : "")}");

    // Distribution's path component: lowercase alphanumerics separated by '.', '_', '__' or '-'s.
    private static bool ValidComponent(string part) =>
        part.Length > 0 && char.IsAsciiLetterLower(part[0]) | char.IsAsciiDigit(part[0])
        && char.IsAsciiLetterLower(part[^1]) | char.IsAsciiDigit(part[^1])
        && part.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-');
}
