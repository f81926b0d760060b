namespace Fleet.Grains.Charts;

/// <summary>
/// Where a Helm repository lives and how to reach it: an <c>http(s)://</c> repository (index.yaml + archives) or an
/// <c>oci://host[:port]/path</c> registry, with optional basic-auth credentials; <see cref="PlainHttp"/> talks plain HTTP
/// to a registry (a loopback one in tests).
/// </summary>
public sealed record HelmSource(string Url, string? Username = null, string? Password = null, bool PlainHttp = false)
{
    public bool IsOci => Url.StartsWith("oci://", StringComparison.OrdinalIgnoreCase);

    public bool HasCredentials => Username is not null || Password is not null;

    /// <summary>The registry's HTTP base (<c>https://host:port</c>) and the repository path prefix (<c>charts</c>) of an oci:// URL.</summary>
    public (Uri Registry, string Prefix) Oci()
    {
        var rest = Url["oci://".Length..].TrimEnd('/');
        var slash = rest.IndexOf('/');
        var host = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..];
        return (new Uri($"{(PlainHttp ? "http" : "https")}://{host}/"), prefix);
    }

    /// <summary>The repository's base for relative URLs: the URL with one trailing slash.</summary>
    public Uri HttpBase() => new(Url.TrimEnd('/') + "/");

    public override string ToString() => Url;
}
