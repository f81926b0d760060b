using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;

namespace Fleet.Reconciler.Kubernetes;

/// <summary>Reads a failure answer: the Status object the API server sends, or the HTTP code and text of anything else.</summary>
internal static class ApiStatus
{
    private const int MaxTextLength = 300;

    /// <summary>The reason and message of a failure answer.</summary>
    public static (string Reason, string Message) Read(int code, byte[] body)
    {
        if (TryParseStatus(body) is { } status)
        {
            var reason = status["reason"]?.GetValue<string>() is { Length: > 0 } r ? r : ReasonFor(code);
            var message = status["message"]?.GetValue<string>() is { Length: > 0 } m ? m : ReasonFor(code);
            return (reason, message);
        }
        // Plain-text answers: "404 page not found" for unknown paths, flow control's 429 text, proxies' HTML pages.
        var text = Encoding.UTF8.GetString(body).Trim();
        if (text.Length > MaxTextLength)
        {
            text = text[..MaxTextLength] + "…";
        }
        return (ReasonFor(code), text.Length > 0 ? text : ReasonFor(code));
    }

    /// <summary>Whether a 403 Status says the namespace is being deleted (not a permission problem).</summary>
    public static bool IsNamespaceTerminating(byte[] body) =>
        TryParseStatus(body)?["details"]?["causes"] is JsonArray causes
        && causes.Any(c => c?["reason"]?.GetValue<string>() == "NamespaceTerminating");

    /// <summary>The Kubernetes reason name for an HTTP code, used when the answer has no Status object.</summary>
    public static string ReasonFor(int code) => code switch
    {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        409 => "Conflict",
        410 => "Expired",
        413 => "RequestEntityTooLarge",
        415 => "UnsupportedMediaType",
        422 => "Invalid",
        429 => "TooManyRequests",
        500 => "InternalError",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "Timeout",
        _ => "Unknown",
    };

    private static JsonObject? TryParseStatus(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject obj && obj["kind"]?.GetValue<string>() == "Status" ? obj : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
