using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Fleet.Grains.Rendering;

namespace Fleet.Grains.Charts;

/// <summary>
/// Talks to Helm repositories: reads an HTTP repository's index.yaml (with If-None-Match), lists a registry's tags
/// (<c>/v2/NAME/tags/list</c>) and downloads chart archives, verifying their SHA-256. OCI is spoken directly (the
/// distribution API: manifest, then the chart layer as a blob) rather than through <c>helm pull</c>: no process, no
/// registry login written to disk, and the layer's digest comes with the manifest to check and to key the cache by.
/// Credentials go only to the repository's own host (as Helm does without --pass-credentials). Every failure is a
/// <see cref="ChartSourceException"/>.
/// </summary>
public sealed class ChartSourceClient(HttpClient http, RenderLimits limits)
{
    private const string ChartLayer = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
    private const long MaxIndexBytes = 64L * 1024 * 1024;
    private const long MaxManifestBytes = 4L * 1024 * 1024;

    /// <summary>What reading an index gave: the index, or null when the server said it is unchanged since <c>etag</c>.</summary>
    public sealed record IndexRead(ChartIndex? Index, string? ETag);

    /// <summary>Reads <c>URL/index.yaml</c>; answers a null index when <paramref name="etag"/> still holds.</summary>
    public async Task<IndexRead> ReadIndexAsync(HelmSource source, string? etag, CancellationToken ct)
    {
        var url = new Uri(source.HttpBase(), "index.yaml");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (etag is not null && EntityTagHeaderValue.TryParse(etag, out var tag))
        {
            request.Headers.IfNoneMatch.Add(tag);
        }
        Authorize(request, source, url);
        using var response = await SendAsync(request, source, "index.yaml", ct);
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return new IndexRead(null, etag);
        }
        await EnsureSuccessAsync(response, source, "index.yaml", "IndexInvalid");
        var bytes = await ReadCappedAsync(response, MaxIndexBytes, "index.yaml", "IndexInvalid", ct);
        var index = ChartIndexReader.Read(Encoding.UTF8.GetString(bytes));
        return new IndexRead(index, response.Headers.ETag?.ToString());
    }

    /// <summary>The tags of chart <paramref name="chart"/> in an oci:// registry (Helm writes a version's <c>+</c> as <c>_</c>).</summary>
    public async Task<IReadOnlyList<string>> ListTagsAsync(HelmSource source, string chart, CancellationToken ct)
    {
        var (registry, prefix) = source.Oci();
        var name = Repository(prefix, chart);
        var url = new Uri(registry, $"v2/{name}/tags/list");
        using var response = await SendOciAsync(HttpMethod.Get, url, source, null, $"tags of {chart}", ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new ChartSourceException("ChartNotFound", $"chart {chart} is not in {source.Url} (no repository {name})");
        }
        await EnsureSuccessAsync(response, source, $"tags of {chart}", "Unreachable");
        var body = JsonNode.Parse(await ReadCappedAsync(response, MaxManifestBytes, $"tags of {chart}", "Unreachable", ct));
        return [.. (body?["tags"] as JsonArray ?? []).Select(t => t?.GetValue<string>()).OfType<string>()];
    }

    /// <summary>
    /// Where the archive of <paramref name="entry"/> is and its expected digest. For a registry this reads the manifest,
    /// whose chart layer names the digest.
    /// </summary>
    public async Task<(Uri Url, string? Digest)> LocateAsync(HelmSource source, ChartEntry entry, CancellationToken ct)
    {
        var what = $"chart {entry.Name} {entry.Version}";
        if (!source.IsOci)
        {
            if (!Uri.TryCreate(source.HttpBase(), entry.Urls[0], out var url) || url.Scheme is not ("http" or "https"))
            {
                throw new ChartSourceException("DownloadFailed", $"{what}: the index gives \"{entry.Urls[0]}\", which is not an http(s) URL");
            }
            return (url, entry.Digest);
        }
        var (registry, prefix) = source.Oci();
        var name = Repository(prefix, entry.Name);
        var manifestUrl = new Uri(registry, $"v2/{name}/manifests/{entry.Version.Replace('+', '_')}");
        using var response = await SendOciAsync(HttpMethod.Get, manifestUrl, source, "application/vnd.oci.image.manifest.v1+json", what, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new ChartSourceException("ChartNotFound", $"{what} is not in {source.Url}");
        }
        await EnsureSuccessAsync(response, source, what, "DownloadFailed");
        var manifest = JsonNode.Parse(await ReadCappedAsync(response, MaxManifestBytes, what, "DownloadFailed", ct));
        var layer = (manifest?["layers"] as JsonArray ?? []).FirstOrDefault(l => l?["mediaType"]?.GetValue<string>() == ChartLayer);
        var digest = layer?["digest"]?.GetValue<string>();
        if (digest is null || !digest.StartsWith("sha256:", StringComparison.Ordinal))
        {
            throw new ChartSourceException("ArchiveInvalid", $"{what}: the registry's manifest has no {ChartLayer} layer with a sha256 digest; is it a Helm chart?");
        }
        return (new Uri(registry, $"v2/{name}/blobs/{digest}"), digest["sha256:".Length..]);
    }

    /// <summary>Downloads the archive at <paramref name="url"/>, at most the render limit, and checks its SHA-256 against <paramref name="digest"/>.</summary>
    public async Task<(byte[] Archive, string Digest)> DownloadAsync(HelmSource source, ChartEntry entry, Uri url, string? digest, CancellationToken ct)
    {
        var what = $"chart {entry.Name} {entry.Version}";
        using var response = source.IsOci
            ? await SendOciAsync(HttpMethod.Get, url, source, null, what, ct)
            : await SendAuthorizedAsync(url, source, what, ct);
        await EnsureSuccessAsync(response, source, what, "DownloadFailed");
        var archive = await ReadCappedAsync(response, limits.MaxRenderBytes, what, "DownloadFailed", ct);
        var actual = Convert.ToHexStringLower(SHA256.HashData(archive));
        if (digest is not null && !string.Equals(actual, digest, StringComparison.OrdinalIgnoreCase))
        {
            throw new ChartSourceException("DigestMismatch", $"{what}: the archive's sha256 is {actual}, the repository says {digest}; not used");
        }
        return (archive, actual);
    }

    private async Task<HttpResponseMessage> SendAuthorizedAsync(Uri url, HelmSource source, string what, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        Authorize(request, source, url);
        return await SendAsync(request, source, what, ct);
    }

    // Registries answer 401 with a challenge: Basic (a plain registry with htpasswd) or Bearer (a token service that
    // takes the basic credentials and gives a token for this repository's scope).
    private async Task<HttpResponseMessage> SendOciAsync(HttpMethod method, Uri url, HelmSource source, string? accept, string what, CancellationToken ct)
    {
        HttpRequestMessage Build(AuthenticationHeaderValue? auth)
        {
            var request = new HttpRequestMessage(method, url);
            if (accept is not null)
            {
                request.Headers.Accept.ParseAdd(accept);
            }
            request.Headers.Authorization = auth;
            return request;
        }
        using (var first = Build(BasicHeader(source)))
        {
            var response = await SendAsync(first, source, what, ct);
            if (response.StatusCode != HttpStatusCode.Unauthorized
                || response.Headers.WwwAuthenticate.FirstOrDefault(h => h.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)) is not { } challenge)
            {
                return response;
            }
            response.Dispose();
            var token = await TokenAsync(challenge, source, what, ct);
            using var second = Build(new AuthenticationHeaderValue("Bearer", token));
            return await SendAsync(second, source, what, ct);
        }
    }

    private async Task<string> TokenAsync(AuthenticationHeaderValue challenge, HelmSource source, string what, CancellationToken ct)
    {
        var parameters = (challenge.Parameter ?? "").Split(',')
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim().Trim('"'), StringComparer.OrdinalIgnoreCase);
        if (!parameters.TryGetValue("realm", out var realm) || !Uri.TryCreate(realm, UriKind.Absolute, out var realmUri))
        {
            throw new ChartSourceException("Unauthorized", $"{what}: {source.Url} asks for a token without saying where to get one");
        }
        var query = string.Join('&', parameters.Where(p => p.Key is "service" or "scope").Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
        using var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(realmUri) { Query = query }.Uri);
        request.Headers.Authorization = BasicHeader(source);
        using var response = await SendAsync(request, source, what, ct);
        await EnsureSuccessAsync(response, source, what, "Unauthorized");
        var body = JsonNode.Parse(await ReadCappedAsync(response, MaxManifestBytes, what, "Unauthorized", ct));
        return body?["token"]?.GetValue<string>() ?? body?["access_token"]?.GetValue<string>()
            ?? throw new ChartSourceException("Unauthorized", $"{what}: the token service of {source.Url} answered no token");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HelmSource source, string what, CancellationToken ct)
    {
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e)
        {
            throw new ChartSourceException("Unreachable", $"{what}: {source.Url} cannot be reached ({e.Message})", e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new ChartSourceException("Unreachable", $"{what}: {source.Url} did not answer within {http.Timeout.TotalSeconds:0} s", e);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, HelmSource source, string what, string reason)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var status = (int)response.StatusCode;
        throw status switch
        {
            401 or 403 => new ChartSourceException("Unauthorized", $"{what}: {source.Url} refused {(source.HasCredentials ? "the repository's credentials" : "access without credentials")} (HTTP {status})"),
            404 => new ChartSourceException(reason == "IndexInvalid" ? "IndexInvalid" : "DownloadFailed", $"{what}: {response.RequestMessage?.RequestUri?.GetLeftPart(UriPartial.Path)} does not exist (HTTP 404)"),
            >= 500 => new ChartSourceException("Unreachable", $"{what}: {source.Url} answered HTTP {status}"),
            _ => new ChartSourceException(reason, $"{what}: {source.Url} answered HTTP {status}"),
        };
    }

    private static async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, long max, string what, string reason, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength > max)
        {
            throw new ChartSourceException(reason, $"{what} is {response.Content.Headers.ContentLength} bytes, over the limit of {max}");
        }
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw new ChartSourceException(reason, $"{what} is over the limit of {max} bytes");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    // Only the repository's own host (and port) gets the credentials: an index may point at archives elsewhere.
    private static void Authorize(HttpRequestMessage request, HelmSource source, Uri url)
    {
        var home = source.HttpBase();
        if (source.HasCredentials && Uri.Compare(home, url, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
        {
            request.Headers.Authorization = BasicHeader(source);
        }
    }

    private static AuthenticationHeaderValue? BasicHeader(HelmSource source) => source.HasCredentials
        ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{source.Username}:{source.Password}")))
        : null;

    private static string Repository(string prefix, string chart) => prefix.Length == 0 ? chart : $"{prefix}/{chart}";
}
