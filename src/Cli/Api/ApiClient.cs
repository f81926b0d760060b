using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fleet.Cli.Api;

/// <summary>
/// Talks to Fleet's HTTP API with a bearer token. Answers come back as JSON documents (printed as they are for
/// <c>-o json</c>/<c>-o yaml</c>); failures become <see cref="CliException"/>s with the exit code they deserve.
/// </summary>
public sealed class ApiClient : IDisposable
{
    /// <summary>How the API writes JSON (camelCase, enums as strings).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http;

    /// <summary>A client for the API at <paramref name="server"/>, sending <paramref name="token"/> when given.</summary>
    public ApiClient(Uri server, string? token, HttpMessageHandler? handler = null)
    {
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = server;
        _http.Timeout = RequestTimeout;
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary>The server this client talks to.</summary>
    public Uri Server => _http.BaseAddress!;

    /// <summary>Builds a path from literal parts and escaped names: <c>Path("api/v1/clusters", name)</c>.</summary>
    public static string Path(string prefix, params string[] names) =>
        prefix + string.Concat(names.Select(n => "/" + Uri.EscapeDataString(n)));

    /// <summary>GET; the answer's JSON.</summary>
    public async Task<JsonNode> GetAsync(string path, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Get, path, null, cancellationToken) ?? throw new CliException(ExitCodes.Failure, $"the server answered GET {path} with no content");

    /// <summary>Sends a request with an optional JSON body; the answer's JSON, or null when it has none.</summary>
    public async Task<JsonNode?> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CliException(ExitCodes.Unreachable, $"cannot reach the Fleet server at {Server}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unreachable, $"the Fleet server at {Server} did not answer within {RequestTimeout.TotalSeconds:0} s", e);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw Failure(method, path, response.StatusCode, text);
            }
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException e)
            {
                throw new CliException(ExitCodes.Failure, $"the server at {Server} answered {method} {path} with something that is not JSON; is it a Fleet server?", e);
            }
        }
    }

    /// <summary>Reads a JSON document as one of the CLI's view types.</summary>
    public static T As<T>(JsonNode node) => node.Deserialize<T>(Json) ?? throw new CliException(ExitCodes.Failure, $"the server sent an empty {typeof(T).Name}");

    /// <summary>
    /// Reads a list answer: a JSON array, or a page object whose <c>items</c> holds the array (so that the CLI keeps
    /// working when a list endpoint gains paging).
    /// </summary>
    public static List<T> List<T>(JsonNode node) =>
        As<List<T>>(node is JsonObject page && page["items"] is JsonArray items ? items : node);

    public void Dispose() => _http.Dispose();

    /// <summary>Turns an error answer (RFC 7807 problem details when the server sends them) into one clear line.</summary>
    private CliException Failure(HttpMethod method, string path, HttpStatusCode status, string body)
    {
        var problem = ProblemText(body);
        return status switch
        {
            HttpStatusCode.Unauthorized => new CliException(ExitCodes.NotAuthorized,
                $"not authenticated: {Server} rejected the token (run fleet login, or pass --token / set FLEET_TOKEN)"),
            HttpStatusCode.Forbidden => new CliException(ExitCodes.NotAuthorized,
                $"not allowed: the token's role may not {method.Method} /{path.TrimStart('/')}" + (problem is null ? "" : $" ({problem})")),
            HttpStatusCode.NotFound => new CliException(ExitCodes.NotFound, problem ?? $"not found: /{path.TrimStart('/')}"),
            _ => new CliException(ExitCodes.Failure, problem ?? $"the server answered {(int)status} {status} to {method.Method} /{path.TrimStart('/')}"),
        };
    }

    private static string? ProblemText(string body)
    {
        JsonObject? problem;
        try
        {
            problem = string.IsNullOrWhiteSpace(body) ? null : JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
        if (problem is null)
        {
            return null;
        }
        var title = Text(problem["title"]);
        var detail = Text(problem["detail"]);
        var text = (title, detail) switch
        {
            (not null, not null) => $"{title}: {detail}",
            (not null, null) => title,
            (null, not null) => detail,
            _ => null,
        };
        if (problem["errors"] is JsonObject errors && errors.Count > 0)
        {
            var fields = errors.Select(e => $"{e.Key}: {string.Join("; ", e.Value is JsonArray list ? list.Select(Text) : [Text(e.Value)])}");
            text = $"{text ?? "invalid request"} ({string.Join("; ", fields)})";
        }
        return text;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToJsonString();
}
