using System.Text.RegularExpressions;

namespace Fleet.Grains.Rendering;

/// <summary>
/// Recognises the references Kustomize would fetch over the network rather than read from the repository: URLs
/// (<c>https://</c>, <c>ssh://</c>, <c>git::</c>), scp-style <c>git@host:org/repo</c>, the <c>gh:</c> shorthand,
/// anything with a query (<c>?ref=</c>, <c>?version=</c>) and host-first paths such as <c>github.com/org/repo</c>.
/// Kustomize tries a reference as a Git URL before it looks on disk, so these are recognised by their form.
/// </summary>
internal static partial class RemoteReference
{
    private static readonly string[] ForgeHosts = ["github.com", "gitlab.com", "bitbucket.org"];

    /// <summary>True when <paramref name="reference"/>, written in a kustomization in <paramref name="directory"/>, is remote.</summary>
    public static bool IsRemote(string reference, string directory)
    {
        if (reference.Contains("://", StringComparison.Ordinal)
            || reference.Contains('?', StringComparison.Ordinal)
            || reference.StartsWith("git::", StringComparison.OrdinalIgnoreCase)
            || reference.StartsWith("gh:", StringComparison.OrdinalIgnoreCase)
            || ScpStyle().IsMatch(reference))
        {
            return true;
        }

        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !HostName().IsMatch(reference[..slash]))
        {
            return false;
        }

        // A well-known forge is remote even when a folder of that name exists; another host-like first segment
        // ("app.v1/base") is a folder when it exists in the repository.
        var host = reference[..slash];
        return ForgeHosts.Any(forge => host.Equals(forge, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + forge, StringComparison.OrdinalIgnoreCase))
            || !Directory.Exists(Path.Combine(directory, host));
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:", RegexOptions.CultureInvariant)]
    private static partial Regex ScpStyle();

    [GeneratedRegex(@"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex HostName();
}
