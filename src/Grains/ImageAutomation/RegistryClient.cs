using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Fleet.Engine.ImageAutomation;

namespace Fleet.Grains.ImageAutomation;

/// <summary>Credentials for a registry: a user name and a password or token. Never logged.</summary>
public sealed record RegistryCredentials(string? Username, string? Password)
{
    public override string ToString() => $"RegistryCredentials {{ Username = {Username}, Password = *** }}";
}

/// <summary>A registry failure with a short reason for conditions and metrics and a sentence a person can act on.</summary>
public sealed class RegistryException(string reason, string message) : Exception(message)
{
    public string Reason { get; } = reason;
}

/// <summary>The values of <see cref="RegistryException.Reason"/>.</summary>
public static class RegistryFailureReasons
{
    public const string Unreachable = "RegistryUnreachable";
    public const string AuthenticationFailed = "AuthenticationFailed";
    public const string NotFound = "ImageNotFound";
    public const string Failed = "ScanFailed";
}

/// <summary>Settings of the registry client.</summary>
public sealed class RegistryClientOptions
{
    /// <summary>Tags asked for per page (<c>?n=</c>); registries answer fewer and a Link to the next page.</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>At most this many pages are followed, so a registry that links in a circle cannot hold a scan forever.</summary>
    public int MaxPages { get; set; } = 100;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Lists an image's tags through the OCI distribution API: <c>GET /v2/NAME/tags/list</c>, following Link pagination.
/// Anonymous first; on 401 answers the challenge: Basic with the credentials, or Bearer by asking the realm for a
/// token (with the credentials, if any) for the challenge's service and scope, as Docker Hub, GHCR and most registries
/// want. Tokens are kept for the scan only.
/// </summary>
public sealed class RegistryClient(HttpClient http, RegistryClientOptions options)
{
    /// <summary>Every tag of the image; throws <see cref="RegistryException"/>.</summary>
    public async Task<IReadOnlyList<string>> ListTagsAsync(ImageReference image, bool insecure, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        var tags = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        AuthenticationHeaderValue? authorization = null;
        Uri? next = image.TagsUrl(insecure, options.PageSize);
        var display = $"{image.Registry}/{image.Repository}";
        try
        {
            for (var page = 0; next is not null; page++)
            {
                if (page >= options.MaxPages)
                {
                    throw new RegistryException(RegistryFailureReasons.Failed, $"{display}: more than {options.MaxPages} pages of tags; the registry's Link pagination does not end");
                }
                using var response = await SendAsync(next, authorization, deadline.Token);
                if (response.StatusCode == HttpStatusCode.Unauthorized && authorization is null)
                {
                    authorization = await AuthorizeAsync(response, image, credentials, display, deadline.Token);
                    page--;
                    continue; // the same page again, authorized
                }
                await EnsureSuccessAsync(response, display, credentials, authorization);
                await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
                using var json = await JsonDocument.ParseAsync(body, cancellationToken: deadline.Token);
                if (json.RootElement.TryGetProperty("tags", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var tag in list.EnumerateArray())
                    {
                        if (tag.GetString() is { Length: > 0 } name && seen.Add(name))
                        {
                            tags.Add(name);
                        }
                    }
                }
                next = RegistryHeaders.NextLink(response.Headers.TryGetValues("Link", out var links) ? string.Join(", ", links) : null, next);
            }
            return tags;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RegistryException(RegistryFailureReasons.Unreachable, $"{display} did not answer within {options.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            throw new RegistryException(RegistryFailureReasons.Unreachable, $"cannot reach {display}: {e.Message}; check the image name, the network and that the registry is up");
        }
        catch (JsonException)
        {
            throw new RegistryException(RegistryFailureReasons.Failed, $"{display} answered a tag list that is not JSON; is it an OCI registry?");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Uri uri, AuthenticationHeaderValue? authorization, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = authorization;
        request.Headers.Accept.ParseAdd("application/json");
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>The Authorization to retry with, from the 401's challenges.</summary>
    private async Task<AuthenticationHeaderValue> AuthorizeAsync(
        HttpResponseMessage unauthorized, ImageReference image, RegistryCredentials? credentials, string display, CancellationToken cancellationToken)
    {
        var challenges = RegistryHeaders.ParseChallenges(
            unauthorized.Headers.TryGetValues("WWW-Authenticate", out var values) ? string.Join(", ", values) : null);
        if (challenges.FirstOrDefault(c => c.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)) is { Realm: { } realm } bearer)
        {
            return new AuthenticationHeaderValue("Bearer", await TokenAsync(realm, bearer, image, credentials, display, cancellationToken));
        }
        if (challenges.Any(c => c.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)) && credentials is not null)
        {
            return Basic(credentials);
        }
        throw new RegistryException(RegistryFailureReasons.AuthenticationFailed, credentials is null
            ? $"{display} asks for credentials and none are configured for this image repository"
            : $"{display} asks for an authentication Fleet does not speak ({string.Join(", ", challenges.Select(c => c.Scheme))})");
    }

    private async Task<string> TokenAsync(
        string realm, AuthChallenge challenge, ImageReference image, RegistryCredentials? credentials, string display, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (challenge.Service is { } service)
        {
            query.Add("service=" + Uri.EscapeDataString(service));
        }
        // Registries that leave the scope out of a tag-list challenge still need it to grant pull.
        query.Add("scope=" + Uri.EscapeDataString(challenge.Scope ?? $"repository:{image.Repository}:pull"));
        if (!Uri.TryCreate(realm + (realm.Contains('?', StringComparison.Ordinal) ? "&" : "?") + string.Join("&", query), UriKind.Absolute, out var tokenUri)
            || tokenUri.Scheme is not ("http" or "https"))
        {
            throw new RegistryException(RegistryFailureReasons.AuthenticationFailed, $"{display} named a token service that is not an http(s) URL");
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, tokenUri);
        if (credentials is not null)
        {
            request.Headers.Authorization = Basic(credentials);
        }
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new RegistryException(RegistryFailureReasons.AuthenticationFailed,
                $"the token service of {display} ({tokenUri.Host}) refused a token ({(int)response.StatusCode}){(credentials is null ? "; no credentials are configured" : "; check the user name and password")}");
        }
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        foreach (var field in new[] { "token", "access_token" })
        {
            if (json.RootElement.TryGetProperty(field, out var token) && token.GetString() is { Length: > 0 } value)
            {
                return value;
            }
        }
        throw new RegistryException(RegistryFailureReasons.AuthenticationFailed, $"the token service of {display} answered without a token");
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string display, RegistryCredentials? credentials, AuthenticationHeaderValue? authorization)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var status = (int)response.StatusCode;
        var (reason, message) = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => (RegistryFailureReasons.AuthenticationFailed,
                authorization is null || credentials is null
                    ? $"{display} refused anonymous access ({status}); configure a user name and password"
                    : $"{display} refused the credentials of '{credentials.Username}' ({status}); check them and their access to this image"),
            HttpStatusCode.NotFound => (RegistryFailureReasons.NotFound, $"{display} has no such image repository (404); check the image name"),
            _ => (status >= 500 ? RegistryFailureReasons.Unreachable : RegistryFailureReasons.Failed, $"{display} answered {status} {response.ReasonPhrase}"),
        };
        // The body is read only to drain the connection; its text never reaches messages (it may echo headers).
        _ = await response.Content.ReadAsByteArrayAsync();
        throw new RegistryException(reason, message);
    }

    private static AuthenticationHeaderValue Basic(RegistryCredentials credentials) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}")));
}
